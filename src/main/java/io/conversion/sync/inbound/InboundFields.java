package io.conversion.sync.inbound;

import static io.conversion.sync.inbound.BatchResults.text;

import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Decides, field by field, what one Salesforce change writes to a Conversion record: each mapped field the change
 * touched is applied or kept by its {@link io.conversion.sync.fields.SyncMode}, from the time Salesforce committed
 * it and the time Conversion last changed the field (field_state). Salesforce field names are matched
 * case-insensitively, as Salesforce does.
 */
@Component
class InboundFields {

    /** A touched field: its Salesforce value, the commit time, and whether it was written to Conversion. */
    record Seen(FieldMapping mapping, String value, long changedAt, boolean applied) {
    }

    /**
     * @param values the Conversion fields to write and their Salesforce values, in map order
     * @param kept the touched fields whose mode keeps the Conversion value
     * @param seen every touched field, for field_state
     */
    record Decision(Map<String, String> values, List<FieldMapping> kept, List<Seen> seen) {

        /** A change that touched mapped fields but applied none of them. */
        boolean keptOnly() {
            return values.isEmpty() && !kept.isEmpty();
        }

        /** For the activity log: which fields kept their Conversion value, and why. */
        String keptNote() {
            return "kept Conversion value of " + String.join(", ", kept.stream()
                    .map(m -> m.conversionField() + " (" + m.salesforceField() + ", " + m.mode() + ")").toList());
        }
    }

    private final FieldMap fields;

    InboundFields(FieldMap fields) {
        this.fields = fields;
    }

    /**
     * @param data the record's fields (from the event, a re-read or the import)
     * @param ts the Salesforce commit time of the change (a re-read: the record's modstamp if later)
     * @param states the record's field_state rows by Conversion field (empty for a new record)
     * @param newRecord the Conversion record does not exist yet: its email is taken whatever the mode (identity), and
     *     every field with a value whose mode is not DO_NOT_SYNC (there is no Conversion value to keep)
     */
    Decision decide(ChangeEvent e, Map<String, Object> data, long ts, Map<String, FieldState> states,
            boolean newRecord) {
        Map<String, Object> byName = caseInsensitive(data);
        Set<String> touched = touched(e, data);
        Map<String, String> values = new LinkedHashMap<>();
        List<FieldMapping> kept = new ArrayList<>();
        List<Seen> seen = new ArrayList<>();
        for (FieldMapping m : fields.of(e.object())) {
            String sf = m.salesforceField();
            if (!byName.containsKey(sf) || (touched != null && !touched.contains(sf))) {
                continue;
            }
            String value = text(byName.get(sf));
            FieldState state = states.get(m.conversionField());
            boolean identity = newRecord && e.object().isPerson() && ContactFields.EMAIL.equals(m.conversionField());
            // A record new to Conversion has no Conversion value to keep: it starts from Salesforce's values,
            // except the fields that are not synced at all.
            boolean fills = newRecord && value != null && m.mode() != SyncMode.DO_NOT_SYNC;
            boolean applies = identity || fills
                    || m.mode().inboundApplies(value, ts, state == null ? null : state.conversionChangedAt());
            if (applies) {
                values.put(m.conversionField(), value);
            } else {
                kept.add(m);
            }
            seen.add(new Seen(m, value, ts, applies));
        }
        return new Decision(values, List.copyOf(kept), List.copyOf(seen));
    }

    /** The fields of the change, case-insensitively; null: every field the data carries (a create, re-read, import). */
    private static Set<String> touched(ChangeEvent e, Map<String, Object> data) {
        if (e.changeType() != ChangeType.UPDATE || data != e.fields() || e.changedFields().isEmpty()) {
            return null;
        }
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(e.changedFields());
        return names;
    }

    static Map<String, Object> caseInsensitive(Map<String, Object> data) {
        Map<String, Object> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(data);
        return byName;
    }
}
