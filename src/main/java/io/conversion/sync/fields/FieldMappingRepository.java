package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code field_mapping} (the synced Salesforce field <-> Conversion field pairs and their modes)
 * and of its history {@code field_mapping_history}.
 */
@Repository
class FieldMappingRepository {

    /** One change of the map: before null = added, after null = removed. */
    record Change(long id, Timestamp changedAt, String changedBy, FieldMapping before, FieldMapping after) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    FieldMappingRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every mapping, in the order it was written. */
    List<FieldMapping> findAll() {
        return jdbc.sql("select object_type, salesforce_field, conversion_field, mode from field_mapping order by id")
                .query((rs, n) -> new FieldMapping(SyncedObject.of(rs.getString("object_type")),
                        rs.getString("salesforce_field"), rs.getString("conversion_field"),
                        SyncMode.valueOf(rs.getString("mode"))))
                .list();
    }

    void insertAll(List<FieldMapping> mappings, String by) {
        Timestamp now = new Timestamp(clock.millis());
        for (FieldMapping m : mappings) {
            jdbc.sql("""
                    insert into field_mapping (object_type, salesforce_field, conversion_field, mode, updated_at,
                        updated_by)
                    values (:object, :sf, :conversion, :mode, :now, :by)""")
                    .param("object", m.object().sfName()).param("sf", m.salesforceField())
                    .param("conversion", m.conversionField()).param("mode", m.mode().name())
                    .param("now", now).param("by", by).update();
        }
    }

    /**
     * Replaces the stored map with {@code after} and writes one history row per mapping added, changed or removed
     * (a mapping is identified by its object and Salesforce field). Unchanged rows keep their order.
     */
    void replaceAll(List<FieldMapping> before, List<FieldMapping> after, String by) {
        Map<String, FieldMapping> old = byKey(before);
        Map<String, FieldMapping> next = byKey(after);
        Timestamp now = new Timestamp(clock.millis());
        old.forEach((key, m) -> {
            if (!Objects.equals(m, next.get(key))) {
                history(now, by, m, next.get(key));
            }
        });
        next.forEach((key, m) -> {
            if (!old.containsKey(key)) {
                history(now, by, null, m);
            }
        });
        // Delete first: the unique keys would refuse a swap of two Conversion fields row by row.
        jdbc.sql("delete from field_mapping").update();
        insertAll(after, by);
    }

    /** The history, newest first. */
    List<Change> history(int limit) {
        return jdbc.sql("""
                select id, changed_at, changed_by, before_json, after_json from field_mapping_history
                order by id desc limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new Change(rs.getLong("id"), rs.getTimestamp("changed_at"),
                        rs.getString("changed_by"), FieldMappingJson.read(rs.getString("before_json")),
                        FieldMappingJson.read(rs.getString("after_json"))))
                .list();
    }

    private void history(Timestamp now, String by, FieldMapping before, FieldMapping after) {
        jdbc.sql("""
                insert into field_mapping_history (changed_at, changed_by, before_json, after_json)
                values (:now, :by, :before, :after)""")
                .param("now", now).param("by", by)
                .param("before", FieldMappingJson.write(before), java.sql.Types.VARCHAR)
                .param("after", FieldMappingJson.write(after), java.sql.Types.VARCHAR)
                .update();
    }

    private static Map<String, FieldMapping> byKey(List<FieldMapping> mappings) {
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        mappings.forEach(m -> map.put(m.object() + "." + m.salesforceField().toLowerCase(), m));
        return map;
    }
}
