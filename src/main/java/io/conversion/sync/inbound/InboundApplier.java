package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.contacts.Contact;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Applies one decided change event (or one record of the initial import) inside the batch writer's transaction:
 * routes it by decision and change type to the rules of its object ({@link LeadRules}, {@link ContactRules},
 * {@link AccountRules}; a delete made by a merge to {@link PersonMerges} or {@link AccountMerges}) or to
 * {@link EchoRule}, after the one rule every object shares: a change older than what
 * we applied for the record is skipped as STALE.
 */
@Component
class InboundApplier {

    private final RecordLookup lookup;
    private final EchoRule echo;
    private final PersonRules persons;
    private final PersonMerges personMerges;
    private final AccountMerges accountMerges;
    private final Map<SyncedObject, ObjectRules> rules = new EnumMap<>(SyncedObject.class);

    InboundApplier(RecordLookup lookup, EchoRule echo, PersonRules persons, List<ObjectRules> rules,
            PersonMerges personMerges, AccountMerges accountMerges) {
        this.lookup = lookup;
        this.persons = persons;
        this.echo = echo;
        this.personMerges = personMerges;
        this.accountMerges = accountMerges;
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
                        case DELETE -> delete(e, id, rereads, out);
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
            // Its records were read again and applied page by page just before it (OverflowRereads).
            out.skip(e, null, "GAP_OVERFLOW", "Overflow: the recently changed " + e.object()
                    + " records were read again (their entries precede this one)", null);
            return;
        }
        for (String id : e.recordIds()) {
            Map<String, Object> r = rereads.byId().get(id);
            if (r == null) {
                delete(e, id, rereads, out); // gone from Salesforce
            } else {
                upsert(e, id, r, Math.max(SalesforceReader.modstamp(r), e.commitTimestamp()), out);
            }
        }
    }

    /**
     * One page of a GAP_OVERFLOW re-read ({@link OverflowRereads}): each record applied as that change (activity row,
     * workflow trigger), unless what we hold is as recent or more recent (a replayed overflow after a crash, or a later
     * change already applied): then nothing is written.
     *
     * @return how many records were {@code APPLIED} (decided by the rules) and {@code UP_TO_DATE}
     */
    Map<String, Long> overflowPage(ChangeEvent overflow, List<Map<String, Object>> records, BatchResults out) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            String id = (String) r.get("Id");
            long modstamp = SalesforceReader.modstamp(r);
            Optional<InboundRecord> rec = lookup.known(overflow.object(), id, out);
            if (rec.isPresent() && rec.get().commitTimestamp() >= modstamp) {
                outcomes.merge("UP_TO_DATE", 1L, Long::sum);
                continue;
            }
            upsert(overflow, id, r, modstamp, out);
            outcomes.merge("APPLIED", 1L, Long::sum);
        }
        return outcomes;
    }

    /**
     * Initial import: one chunk of an object's records, each applied as {@link #importRecord} applies it, except that
     * the Leads and Contacts the chunk's lookups know are new to Conversion (and whose email no other record of the
     * chunk has) are created together, with one batched insert, after the others: they share no id and no email
     * with the others, so the order between them changes nothing.
     *
     * @return how many records had each outcome ({@code IMPORTED} or the reason they were skipped)
     */
    Map<String, Long> importChunk(SyncedObject object, List<Map<String, Object>> records, BatchResults out) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        Set<String> repeated = object.isPerson() ? repeatedEmails(object, records) : Set.of();
        List<PersonRules.Creation> creations = new ArrayList<>();
        for (Map<String, Object> record : records) {
            String id = (String) record.get("Id");
            long modstamp = SalesforceReader.modstamp(record);
            String email = object.isPerson() ? persons.email(object, record) : null;
            Optional<PersonRules.Creation> creation = email == null || repeated.contains(Contact.emailKey(email))
                    ? Optional.empty()
                    : rules.get(object).creation(importEvent(object, id, modstamp, record), id, record, modstamp, out);
            if (creation.isPresent()) {
                creations.add(creation.get());
            } else {
                outcomes.merge(importRecord(object, record, out), 1L, Long::sum);
            }
        }
        if (!creations.isEmpty()) {
            persons.createAll(creations, out);
            outcomes.merge("IMPORTED", (long) creations.size(), Long::sum);
        }
        return outcomes;
    }

    /** Email keys more than one record of the chunk has. */
    private Set<String> repeatedEmails(SyncedObject object, List<Map<String, Object>> records) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (Map<String, Object> record : records) {
            String key = Contact.emailKey(persons.email(object, record));
            if (key != null && !seen.add(key)) {
                repeated.add(key);
            }
        }
        return repeated;
    }

    private static ChangeEvent importEvent(SyncedObject object, String id, long modstamp, Map<String, Object> record) {
        return new ChangeEvent(null, 0L, object, ChangeType.IMPORT, List.of(id), null, modstamp, 0L, null, 0L,
                List.of(), record);
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
        ChangeEvent e = importEvent(object, id, modstamp, record);
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

    /** A delete that a Salesforce merge made (the record has a MasterRecordId) is followed as a merge. */
    private void delete(ChangeEvent e, String id, Rereads rereads, BatchResults out) {
        Optional<InboundRecord> rec = lookup.known(e.object(), id, out);
        String master = rereads.masters().get(id);
        boolean folded = master != null && (e.object() == SyncedObject.ACCOUNT
                ? accountMerges.fold(e, id, master, rec, out)
                : personMerges.fold(e, id, master, rec, out));
        if (!folded) {
            rules.get(e.object()).delete(e, id, rec, out);
        }
    }

    private static void forEachRecord(ChangeEvent e, Consumer<String> action) {
        if (e.recordIds().isEmpty()) {
            action.accept(null);
        } else {
            e.recordIds().forEach(action);
        }
    }
}
