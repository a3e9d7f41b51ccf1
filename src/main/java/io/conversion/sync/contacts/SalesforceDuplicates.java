package io.conversion.sync.contacts;

import io.conversion.sync.salesforce.SyncedObject;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code contact_duplicate}: Salesforce Leads/Contacts that carry a Conversion contact's email but
 * are not the record it is linked to (match-before-create chose another, or inbound found the email taken). Shown on
 * the contact ({@code GET /api/contacts/{id}} → {@code salesforce.duplicates}) so an admin can merge them in
 * Salesforce; a record leaves the list when it is deleted, merged or linked.
 */
@Repository
public class SalesforceDuplicates {

    /** One duplicate record in Salesforce. */
    public record Duplicate(SyncedObject object, String id) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SalesforceDuplicates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Lists a record as a duplicate of the contact (replacing what it was listed on before). */
    public void record(long contactId, SyncedObject object, String sfId) {
        forget(sfId);
        jdbc.sql("""
                insert into contact_duplicate (sf_id, object_type, contact_id, detected_at)
                values (:id, :object, :contact, :now)""")
                .param("id", sfId).param("object", object.sfName()).param("contact", contactId)
                .param("now", new Timestamp(clock.millis())).update();
    }

    /** The record is no duplicate any more (deleted, merged, or linked to a contact). */
    public void forget(String sfId) {
        jdbc.sql("delete from contact_duplicate where sf_id = :id").param("id", sfId).update();
    }

    /** A merged contact's duplicates belong to the contact it was merged into. */
    public void move(long fromContactId, long toContactId) {
        jdbc.sql("update contact_duplicate set contact_id = :to where contact_id = :from")
                .param("from", fromContactId).param("to", toContactId).update();
    }

    public List<Duplicate> of(long contactId) {
        return jdbc.sql("select object_type, sf_id from contact_duplicate where contact_id = :c order by detected_at, sf_id")
                .param("c", contactId)
                .query((rs, n) -> new Duplicate(SyncedObject.ofName(rs.getString(1)).orElseThrow(), rs.getString(2)))
                .list();
    }

    /** As the API shows one: {@code {"object": "Lead", "id": "00Q..."}}. */
    public static Map<String, String> view(Duplicate d) {
        Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("object", d.object().sfName());
        v.put("id", d.id());
        return v;
    }
}
