package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Applies one decided change event (or one record of the initial import) inside the batch writer's transaction:
 * routes it by decision and change type to the rules of its object ({@link LeadRules}, {@link ContactRules},
 * {@link AccountRules}) or to {@link EchoRule}, after the one rule every object shares: a change older than what
 * we applied for the record is skipped as STALE.
 */
@Component
class InboundApplier {

    private final RecordLookup lookup;
    private final EchoRule echo;
    private final Map<SyncedObject, ObjectRules> rules = new EnumMap<>(SyncedObject.class);

    InboundApplier(RecordLookup lookup, EchoRule echo, List<ObjectRules> rules) {
        this.lookup = lookup;
        this.echo = echo;
        rules.forEach(r -> this.rules.put(r.object(), r));
    }

    void apply(ChangeEvent e, InboundDecision d, Rereads rereads, BatchResults out) {
        switch (d) {
            case OBJECT_PAUSED -> forEachRecord(e, id -> out.skip(e, id, "OBJECT_PAUSED",
                    "Inbound sync of " + e.object() + " is off, or was off when the change was committed", null));
            case ECHO -> forEachRecord(e, id -> echo.confirm(e, id, out));
            case REREAD -> applyReread(e, rereads, out);
            case APPLY -> {
                for (String id : e.recordIds()) {
                    switch (e.changeType()) {
                        case DELETE -> delete(e, id, out);
                        case UPDATE -> {
                            Map<String, Object> r = rereads.byId().get(id);
                            if (r != null) {
                                upsert(e, id, r, Math.max(SalesforceReader.modstamp(r), e.commitTimestamp()), out);
                            } else if (rereads.requested().contains(id)) {
                                out.skip(e, id, "NOT_FOUND", "Updated record no longer exists in Salesforce", null);
                            } else {
                                upsert(e, id, e.fields(), e.commitTimestamp(), out);
                            }
                        }
                        default -> upsert(e, id, e.fields(), e.commitTimestamp(), out);
                    }
                }
            }
        }
    }

    private void applyReread(ChangeEvent e, Rereads rereads, BatchResults out) {
        if (e.changeType() == ChangeType.GAP_OVERFLOW) {
            List<Map<String, Object>> records = rereads.overflow().getOrDefault(e, List.of());
            out.skip(e, null, "GAP_OVERFLOW", "Overflow: " + records.size() + " recently changed " + e.object()
                    + " records read again", null);
            for (Map<String, Object> r : records) {
                upsert(e, (String) r.get("Id"), r, Math.max(SalesforceReader.modstamp(r), 0L), out);
            }
            return;
        }
        for (String id : e.recordIds()) {
            Map<String, Object> r = rereads.byId().get(id);
            if (r == null) {
                delete(e, id, out); // gone from Salesforce
            } else {
                upsert(e, id, r, Math.max(SalesforceReader.modstamp(r), e.commitTimestamp()), out);
            }
        }
    }

    /**
     * Initial import: one record as read by SOQL, applied like a re-read (same product rules), unless what we hold
     * is as recent or more recent (already imported, or changed by a change event since the import read it): then
     * nothing is written and nothing logged, so a second import changes nothing.
     *
     * @return the outcome for the import's counters: {@code IMPORTED}, or the reason it was skipped
     */
    String importRecord(SyncedObject object, Map<String, Object> record, BatchResults out) {
        String id = (String) record.get("Id");
        long modstamp = SalesforceReader.modstamp(record);
        Optional<InboundRecord> rec = lookup.known(object, id, out);
        if (rec.isPresent() && rec.get().commitTimestamp() >= modstamp) {
            return "UP_TO_DATE";
        }
        ChangeEvent e = new ChangeEvent(null, 0L, object, ChangeType.IMPORT, List.of(id), null, modstamp, 0L, null, 0L,
                List.of(), record);
        int before = out.activities.size();
        upsert(e, id, record, modstamp, out);
        if (out.activities.size() == before) {
            return "IMPORTED";
        }
        Activity last = out.activities.get(out.activities.size() - 1);
        return last.outcome() == Outcome.APPLIED ? "IMPORTED" : last.reason();
    }

    private void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, BatchResults out) {
        Optional<InboundRecord> rec = lookup.known(e.object(), id, out);
        if (rec.isPresent() && rec.get().commitTimestamp() > ts) {
            out.skip(e, id, "STALE", "A newer change of this record was already applied", rec.get());
            return;
        }
        rules.get(e.object()).upsert(e, id, data, ts, rec, out);
    }

    private void delete(ChangeEvent e, String id, BatchResults out) {
        rules.get(e.object()).delete(e, id, lookup.known(e.object(), id, out), out);
    }

    private static void forEachRecord(ChangeEvent e, Consumer<String> action) {
        if (e.recordIds().isEmpty()) {
            action.accept(null);
        } else {
            e.recordIds().forEach(action);
        }
    }
}
