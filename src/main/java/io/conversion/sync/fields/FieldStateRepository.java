package io.conversion.sync.fields;

import io.conversion.sync.database.BatchRows;
import io.conversion.sync.database.InLists;
import io.conversion.sync.fields.FieldState.Source;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code field_state} (per-field provenance). Callers write it in the transaction of the values
 * it describes. Reads and writes go by batch (one query for a batch's records, one batched upsert), because the
 * inbound writer applies hundreds of changes per transaction. The upsert is a standard SQL {@code merge} (H2 and
 * PostgreSQL 15+), so a row inserted concurrently by the other direction is updated, never duplicated.
 */
@Repository
public class FieldStateRepository {

    /** Rows per {@code in (...)} list: far below every database's bound-parameter limit. */

    private static final String MERGE = """
            merge into field_state t
            using (select cast(? as varchar(8)) as target, cast(? as bigint) as target_id,
                    cast(? as varchar(80)) as conversion_field, cast(? as varchar(4000)) as sf_value,
                    cast(? as bigint) as sf_changed_at, cast(? as bigint) as conversion_changed_at,
                    cast(? as varchar(16)) as last_source, cast(? as bigint) as last_changed_at) s
            on t.target = s.target and t.target_id = s.target_id and t.conversion_field = s.conversion_field
            when matched then update set sf_value = s.sf_value, sf_changed_at = s.sf_changed_at,
                    conversion_changed_at = s.conversion_changed_at, last_source = s.last_source,
                    last_changed_at = s.last_changed_at
            when not matched then insert (target, target_id, conversion_field, sf_value, sf_changed_at,
                    conversion_changed_at, last_source, last_changed_at)
                values (s.target, s.target_id, s.conversion_field, s.sf_value, s.sf_changed_at,
                    s.conversion_changed_at, s.last_source, s.last_changed_at)""";

    private static final String INSERT = """
            insert into field_state (target, target_id, conversion_field, sf_value, sf_changed_at,
                    conversion_changed_at, last_source, last_changed_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    FieldStateRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /** The provenance of one record's fields, by Conversion field. */
    public Map<String, FieldState> find(Target target, long id) {
        return findAll(target, List.of(id)).getOrDefault(id, Map.of());
    }

    /** The provenance of many records' fields (one query per thousand records), by record id and Conversion field. */
    public Map<Long, Map<String, FieldState>> findAll(Target target, Collection<Long> ids) {
        Map<Long, Map<String, FieldState>> byRecord = new HashMap<>();
        InLists.forEachChunk(ids, part -> jdbc.sql(
                "select * from field_state where target = :target and target_id in (:ids)")
                .param("target", target.name()).param("ids", part).query(FieldStateRepository::map).list()
                .forEach(s -> byRecord.computeIfAbsent(s.targetId(), k -> new LinkedHashMap<>())
                        .put(s.conversionField(), s)));
        return byRecord;
    }

    /**
     * The rows of the Conversion records linked to these Salesforce ids (Lead, Contact or Account ids, which never
     * collide), one query per thousand ids: what the inbound writer needs for one batch. One {@code in} list per
     * column: with {@code sf_lead_id in (..) or sf_contact_id in (..)} H2 scans every contact (an import of a
     * million records slowed down with each chunk).
     */
    public Map<Target, Map<Long, Map<String, FieldState>>> findBySalesforceIds(Collection<String> salesforceIds) {
        Map<Target, Map<Long, Map<String, FieldState>>> byTarget = new HashMap<>();
        InLists.forEachChunk(salesforceIds, part -> jdbc.sql("""
                select s.* from field_state s join contact c on s.target = 'CONTACT' and s.target_id = c.id
                where c.sf_lead_id in (:ids)
                union all
                select s.* from field_state s join contact c on s.target = 'CONTACT' and s.target_id = c.id
                where c.sf_contact_id in (:ids)
                union all
                select s.* from field_state s join company co on s.target = 'COMPANY' and s.target_id = co.id
                where co.sf_account_id in (:ids)""")
                .param("ids", part).query(FieldStateRepository::map).list()
                .forEach(s -> byTarget.computeIfAbsent(s.target(), t -> new HashMap<>())
                        .computeIfAbsent(s.targetId(), k -> new LinkedHashMap<>()).put(s.conversionField(), s)));
        return byTarget;
    }

    /** Writes whole rows, inserted or updated, in one batch. */
    public void saveAll(Collection<FieldState> states) {
        write(MERGE, states);
    }

    /**
     * Inserts rows of records created in the caller's transaction (no row of theirs can exist yet): a plain batched
     * insert, several times cheaper than the merge for an import of a million records.
     */
    public void insertAll(Collection<FieldState> states) {
        write(INSERT, states);
    }

    private void write(String sql, Collection<FieldState> states) {
        BatchRows.write(named.getJdbcOperations(), sql, states, (s, c) -> c.text(s.target().name())
                .bigint(s.targetId()).text(s.conversionField()).text(clip(s.sfValue())).bigint(s.sfChangedAt())
                .bigint(s.conversionChangedAt()).text(s.lastSource() == null ? null : s.lastSource().name())
                .bigint(s.lastChangedAt()));
    }

    /** A long text value (a textarea) is kept to the column's length: provenance, not the value itself. */
    private static String clip(String value) {
        return value == null || value.length() <= 4000 ? value : value.substring(0, 4000);
    }

    private static FieldState map(ResultSet rs, int row) throws SQLException {
        String source = rs.getString("last_source");
        return new FieldState(Target.valueOf(rs.getString("target")), rs.getLong("target_id"),
                rs.getString("conversion_field"), rs.getString("sf_value"), rs.getObject("sf_changed_at", Long.class),
                rs.getObject("conversion_changed_at", Long.class), source == null ? null : Source.valueOf(source),
                rs.getObject("last_changed_at", Long.class));
    }
}
