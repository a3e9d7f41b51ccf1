package io.conversion.sync.inbound;

import io.conversion.sync.contacts.Contact;
import io.conversion.sync.fields.Attribute;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.outbound.UpdateOutbox;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The values a contact keeps when a merged contact is folded into it, field by field by sync mode. The winner's
 * Salesforce values arrive with the merge's UPDATE of the winner and apply as any change; this decides between the
 * two Conversion values: {@code ALWAYS_SALESFORCE} keeps the survivor's (it mirrors the winner, which the merge
 * chose); {@code ALWAYS_CONVERSION} and {@code TWO_WAY} take the more recently changed one (field_state's
 * last change); the others take the merged contact's value only where the survivor has none. A value taken that the
 * field's mode sends to Salesforce is queued as an outbound update. The email is the identity and never taken.
 */
@Component
class MergedFields {

    private final FieldMap fields;
    private final UpdateOutbox updates;

    MergedFields(FieldMap fields, UpdateOutbox updates) {
        this.fields = fields;
        this.updates = updates;
    }

    /** Sets the values taken from {@code loser} on {@code survivor}; returns their Conversion field names. */
    List<String> fold(SyncedObject object, Contact loser, Contact winner, Contact.Builder survivor,
            FieldStateBatch states) {
        Map<String, FieldState> loserStates = states.of(Target.CONTACT, loser.id());
        Map<String, FieldState> winnerStates = states.of(Target.CONTACT, winner.id());
        List<String> taken = new ArrayList<>();
        for (FieldMapping m : fields.of(object)) {
            String field = m.conversionField();
            String kept = ContactFields.get(winner, field);
            String other = ContactFields.get(loser, field);
            if (ContactFields.EMAIL.equals(field) || other == null || other.equals(kept)) {
                continue;
            }
            FieldState w = winnerStates.getOrDefault(field, FieldState.empty(Target.CONTACT, winner.id(), field));
            FieldState l = loserStates.getOrDefault(field, FieldState.empty(Target.CONTACT, loser.id(), field));
            boolean take = switch (m.mode()) {
                case ALWAYS_SALESFORCE -> false;
                case ALWAYS_CONVERSION, TWO_WAY -> kept == null || newer(l, w);
                default -> kept == null;
            };
            if (!take) {
                continue;
            }
            ContactFields.set(survivor, field, other);
            long changedAt = l.lastChangedAt() != null ? l.lastChangedAt() : loser.updatedAt().toEpochMilli();
            states.put(w.conversionChanged(changedAt));
            if (m.mode().outboundSends(w.sfValue(), w.sfChangedAt(), changedAt)) {
                updates.queue(Target.CONTACT, winner.id(), field, other, changedAt);
            }
            taken.add(field);
        }
        return taken;
    }

    /** Whether a custom attribute is a mapped field of the object (then {@link #fold} decides it). */
    boolean mapped(SyncedObject object, String attribute) {
        return fields.of(object).stream()
                .anyMatch(m -> Attribute.of(m.conversionField()).map(attribute::equals).orElse(false));
    }

    private static boolean newer(FieldState candidate, FieldState current) {
        return candidate.lastChangedAt() != null
                && (current.lastChangedAt() == null || candidate.lastChangedAt() > current.lastChangedAt());
    }
}
