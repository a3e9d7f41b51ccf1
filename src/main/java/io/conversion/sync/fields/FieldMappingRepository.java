package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The only writer of {@code field_mapping}: the synced Salesforce field <-> Conversion field pairs. */
@Repository
class FieldMappingRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    FieldMappingRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every mapping, in the order it was written. */
    List<FieldMapping> findAll() {
        return jdbc.sql("select object_type, salesforce_field, conversion_field from field_mapping order by id")
                .query((rs, n) -> new FieldMapping(SyncedObject.of(rs.getString("object_type")),
                        rs.getString("salesforce_field"), rs.getString("conversion_field")))
                .list();
    }

    void insertAll(List<FieldMapping> mappings, String by) {
        Timestamp now = new Timestamp(clock.millis());
        for (FieldMapping m : mappings) {
            jdbc.sql("""
                    insert into field_mapping (object_type, salesforce_field, conversion_field, updated_at, updated_by)
                    values (:object, :sf, :conversion, :now, :by)""")
                    .param("object", m.object().sfName()).param("sf", m.salesforceField())
                    .param("conversion", m.conversionField()).param("now", now).param("by", by).update();
        }
    }
}
