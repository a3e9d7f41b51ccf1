package io.conversion.sync.outbound;

import io.conversion.sync.contacts.Contact;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Which of a new contact's fields its Lead or Contact is created with: every mapped field whose sync mode lets a
 * Conversion value reach an empty Salesforce field ({@code PREFER_SALESFORCE_UNLESS_EMPTY}, {@code ALWAYS_CONVERSION},
 * {@code TWO_WAY}; not {@code ALWAYS_SALESFORCE} nor {@code DO_NOT_SYNC}), custom fields included, by their
 * Salesforce names. A new record is empty in Salesforce, so nothing is overwritten. What was sent becomes the field's
 * last Salesforce value seen ({@code field_state}), which later Conversion updates decide from.
 */
@Component
class CreateFields {

    /** One field a create sends. */
    record Sent(FieldMapping mapping, String value) {
    }

    private final FieldMap fields;

    CreateFields(FieldMap fields) {
        this.fields = fields;
    }

    /** The mapped fields with a value that the create of the contact as this object sends, in map order. */
    List<Sent> of(SyncedObject object, Contact contact, long now) {
        List<Sent> sent = new ArrayList<>();
        for (FieldMapping m : fields.of(object)) {
            String value = ContactFields.get(contact, m.conversionField());
            if (value != null && m.mode().outboundSends(null, null, now)) {
                sent.add(new Sent(m, value));
            }
        }
        return sent;
    }

    /** The fields by Salesforce name, as the request carries them. */
    static Map<String, String> bySalesforceName(List<Sent> sent) {
        Map<String, String> values = new LinkedHashMap<>();
        sent.forEach(s -> values.put(s.mapping().salesforceField(), s.value()));
        return values;
    }

    /** The field states after the create: each sent value is what Salesforce now holds. */
    static List<FieldState> states(long contactId, List<Sent> sent, long sentAt) {
        return sent.stream().map(s -> FieldState.empty(Target.CONTACT, contactId, s.mapping().conversionField())
                .sentToSalesforce(s.value(), sentAt)).toList();
    }
}
