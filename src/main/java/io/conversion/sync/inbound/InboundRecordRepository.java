package io.conversion.sync.inbound;

import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code inbound_record}. Only the batch writer's thread writes, so "update, else insert" needs
 * no locking and works the same on H2 and PostgreSQL.
 */
@Repository
class InboundRecordRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    InboundRecordRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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
