package io.conversion.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The fields of a Conversion contact matched to an existing Salesforce record, reconciled by their sync modes
 * instead of overwriting either side: a field whose mode lets the Salesforce value in is taken into Conversion
 * ({@link io.conversion.sync.fields.SyncMode#inboundApplies}); one whose mode sends the Conversion value is queued as
 * an outbound update ({@link UpdateOutbox}, sent by the update batches); the email is the identity and is left
 * alone. Provenance goes to field_state, as for any Salesforce value seen. Runs in the caller's transaction.
 */
@Component
class MatchedFields {

    private static final DateTimeFormatter SF_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    private final FieldMap fields;
    private final FieldStateRepository states;
    private final ContactRepository contacts;
    private final UpdateOutbox updates;
    private final Clock clock;

    MatchedFields(FieldMap fields, FieldStateRepository states, ContactRepository contacts, UpdateOutbox updates,
            Clock clock) {
        this.fields = fields;
        this.states = states;
        this.contacts = contacts;
        this.updates = updates;
        this.clock = clock;
    }

    /** Reconciles and writes; returns a note for the activity log ("" when both sides agreed). */
    String reconcile(Contact contact, SyncedObject object, JsonNode record, String lastModified) {
        long sfChangedAt = epochMillis(lastModified);
        Map<String, FieldState> known = states.find(Target.CONTACT, contact.id());
        Contact.Builder merged = contact.toBuilder();
        List<FieldState> seen = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (FieldMapping m : fields.of(object)) {
            String field = m.conversionField();
            if (ContactFields.EMAIL.equals(field)) {
                continue; // matched by it: the identity, not a value to reconcile
            }
            String sfValue = text(record, m.salesforceField());
            String value = ContactFields.get(contact, field);
            FieldState state = known.getOrDefault(field, FieldState.empty(Target.CONTACT, contact.id(), field));
            long conversionChangedAt = state.conversionChangedAt() != null ? state.conversionChangedAt()
                    : contact.updatedAt().toEpochMilli();
            boolean applied = false;
            if (!Objects.equals(sfValue, value)) {
                if (m.mode().inboundApplies(sfValue, sfChangedAt, conversionChangedAt)) {
                    ContactFields.set(merged, field, sfValue);
                    applied = true;
                    taken.add(field);
                } else if (m.mode().outboundSends(sfValue, sfChangedAt, conversionChangedAt)) {
                    updates.queue(Target.CONTACT, contact.id(), field, value, conversionChangedAt);
                    sent.add(field);
                }
            }
            seen.add(state.salesforceSeen(sfValue, sfChangedAt, applied));
        }
        if (!taken.isEmpty()) {
            contacts.update(merged.build());
        }
        states.saveAll(seen);
        return (taken.isEmpty() ? "" : "; Salesforce values taken: " + String.join(", ", taken))
                + (sent.isEmpty() ? "" : "; Conversion values queued for Salesforce: " + String.join(", ", sent));
    }

    /** A field of a queried record, its name matched case-insensitively (as Salesforce does); blank is null. */
    private static String text(JsonNode record, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                if (f.getValue().isNull() || f.getValue().isMissingNode()) {
                    return null;
                }
                String s = f.getValue().asText().trim();
                return s.isEmpty() ? null : s;
            }
        }
        return null;
    }

    private long epochMillis(String sfDateTime) {
        if (sfDateTime == null) {
            return clock.millis();
        }
        try {
            return OffsetDateTime.parse(sfDateTime, SF_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(sfDateTime).toInstant().toEpochMilli();
        }
    }
}
