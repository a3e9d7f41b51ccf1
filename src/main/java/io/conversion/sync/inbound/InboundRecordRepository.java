package io.conversion.sync.inbound;

import io.conversion.sync.database.BatchRows;
import io.conversion.sync.database.InLists;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code inbound_record}. Only the batch writer's thread writes, so "update, else insert" needs
 * no locking and works the same on H2 and PostgreSQL.
 */
@Repository
class InboundRecordRepository {

    /** Ids per {@code in (...)} list: far below every database's bound-parameter limit. */

    /** Standard SQL (H2, PostgreSQL 15+): one statement, batched, whether the row exists or not. */
    private static final String MERGE = """
            merge into inbound_record t
            using (select cast(? as varchar(18)) as sf_id, cast(? as varchar(16)) as object_type,
                    cast(? as varchar(16)) as state, cast(? as bigint) as contact_id,
                    cast(? as bigint) as company_id, cast(? as bigint) as commit_timestamp,
                    cast(? as timestamp with time zone) as updated_at) s
            on t.sf_id = s.sf_id
            when matched then update set object_type = s.object_type, state = s.state, contact_id = s.contact_id,
                    company_id = s.company_id, commit_timestamp = s.commit_timestamp, updated_at = s.updated_at
            when not matched then insert (sf_id, object_type, state, contact_id, company_id, commit_timestamp,
                    updated_at)
                values (s.sf_id, s.object_type, s.state, s.contact_id, s.company_id, s.commit_timestamp,
                    s.updated_at)""";

    private static final String INSERT = """
            insert into inbound_record (sf_id, object_type, state, contact_id, company_id, commit_timestamp, updated_at)
            values (?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    InboundRecordRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    /** Which of these Salesforce ids have a row (one query per thousand ids). */
    Set<String> existing(Collection<String> sfIds) {
        return InLists.union(sfIds, part -> jdbc.sql("select sf_id from inbound_record where sf_id in (:ids)")
                .param("ids", part).query(String.class).list());
    }

    /** Writes the rows, inserted or updated, in one batched statement. */
    void saveAll(Collection<InboundRecord> rows) {
        write(MERGE, rows);
    }

    /** Inserts rows of ids that have none yet (the caller knows), in one batched statement. */
    void insertAll(Collection<InboundRecord> rows) {
        write(INSERT, rows);
    }

    private void write(String sql, Collection<InboundRecord> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = new Timestamp(clock.millis());
        BatchRows.write(named.getJdbcOperations(), sql, rows, (r, row) -> row.text(r.sfId())
                .text(r.object().sfName()).text(r.state().name()).bigint(r.contactId()).bigint(r.companyId())
                .bigint(r.commitTimestamp()).timestamp(now));
    }

    /** Whether any Salesforce record was ever seen by the inbound sync. */
    boolean any() {
        return jdbc.sql("select count(*) from (select 1 from inbound_record fetch first 1 rows only) r")
                .query(Long.class).single() > 0;
    }

    Optional<InboundRecord> find(String sfId) {
        return jdbc.sql("select * from inbound_record where sf_id = :id").param("id", sfId)
                .query((rs, n) -> new InboundRecord(rs.getString("sf_id"), SyncedObject.of(rs.getString("object_type")),
                        State.valueOf(rs.getString("state")), rs.getObject("contact_id", Long.class),
                        rs.getObject("company_id", Long.class), rs.getLong("commit_timestamp")))
                .optional();
    }

    void save(InboundRecord r) {
        var params = new java.util.HashMap<String, Object>();
        params.put("id", r.sfId());
        params.put("type", r.object().sfName());
        params.put("state", r.state().name());
        params.put("contactId", r.contactId());
        params.put("companyId", r.companyId());
        params.put("ts", r.commitTimestamp());
        params.put("now", new Timestamp(clock.millis()));
        int updated = jdbc.sql("""
                update inbound_record set object_type = :type, state = :state, contact_id = :contactId,
                    company_id = :companyId, commit_timestamp = :ts, updated_at = :now
                where sf_id = :id""").params(params).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into inbound_record (sf_id, object_type, state, contact_id, company_id, commit_timestamp,
                        updated_at)
                    values (:id, :type, :state, :contactId, :companyId, :ts, :now)""").params(params).update();
        }
    }
}
