package io.conversion.sync.inbound;

import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.contacts.SalesforceDuplicates;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A Lead or Contact merge in Salesforce ({@link MergeLookup} found the deleted record's MasterRecordId): the Conversion
 * contact of the loser is folded into the winner's, so one contact remains. If Conversion holds no contact for the
 * winner, the loser's contact simply follows the winner (takes its id). Otherwise the winner's contact keeps its id
 * and email, takes the loser's values field by field by sync mode ({@link MergedFields}), its links the winner lacks
 * (the other object's record, the company), its unmapped attributes and its listed duplicates; the loser's contact is
 * kept as MERGED pointing at it (its history is shown with the survivor's). Logged MERGED, workflow trigger MERGED.
 */
@Component
class PersonMerges {

    private final PersonRules persons;
    private final ContactRepository contacts;
    private final RecordLookup lookup;
    private final SalesforceDuplicates duplicates;
    private final MergedFields mergedFields;

    PersonMerges(PersonRules persons, ContactRepository contacts, RecordLookup lookup,
            SalesforceDuplicates duplicates, MergedFields mergedFields) {
        this.persons = persons;
        this.contacts = contacts;
        this.lookup = lookup;
        this.duplicates = duplicates;
        this.mergedFields = mergedFields;
    }

    /** @return false when Conversion holds no contact for the loser (then it is an ordinary delete) */
    boolean fold(ChangeEvent e, String loserId, String winnerId, Optional<InboundRecord> rec, BatchResults out) {
        SyncedObject object = e.object();
        Contact loser = persons.locate(object, loserId, rec).orElse(null);
        if (loser == null) {
            return false;
        }
        duplicates.forget(loserId);
        duplicates.forget(winnerId);
        String merge = object + " " + loserId + " merged into " + object + " " + winnerId + " in Salesforce";
        Contact winner = (object == SyncedObject.LEAD ? contacts.findBySfLeadId(winnerId)
                : contacts.findBySfContactId(winnerId)).orElse(null);
        if (winner == null || winner.id().equals(loser.id())) {
            contacts.update(withLinkedId(object, loser.toBuilder(), winnerId).build());
            out.saveRecord(new InboundRecord(loserId, object, State.DELETED, loser.id(), null, e.commitTimestamp()));
            out.merged(e, loserId, winnerId, loser.id(), null, loser.companyId(),
                    merge + "; Conversion contact " + loser.id() + " now follows " + object + " " + winnerId);
            return true;
        }
        Contact.Builder survivor = winner.toBuilder();
        List<String> taken = mergedFields.fold(object, loser, winner, survivor, out.fieldStates);
        Map<String, String> attributes = new TreeMap<>(loser.attributes());
        attributes.keySet().removeIf(name -> mergedFields.mapped(object, name));
        attributes.putAll(survivor.build().attributes());
        survivor.attributes(attributes);
        contacts.markMerged(loser.id(), winner.id()); // frees the loser's links before the survivor takes them
        String links = takeLinks(object, loser, winner, survivor, out);
        contacts.update(survivor.build());
        duplicates.move(loser.id(), winner.id());
        out.saveRecord(new InboundRecord(loserId, object, State.DELETED, winner.id(), null, e.commitTimestamp()));
        out.merged(e, loserId, winnerId, winner.id(), loser.id(), winner.companyId(), merge + "; Conversion contact "
                + loser.id() + " merged into " + winner.id() + " (kept as MERGED)"
                + (taken.isEmpty() ? "" : "; values taken from it: " + String.join(", ", taken)) + links);
        return true;
    }

    /**
     * The loser's record of the other object (a Lead merge: its Contact; a Contact merge: its Lead) and its company,
     * where the winner has none. A record of the other object the winner already has one of is listed as duplicate.
     */
    private String takeLinks(SyncedObject object, Contact loser, Contact winner, Contact.Builder survivor,
            BatchResults out) {
        SyncedObject other = object == SyncedObject.LEAD ? SyncedObject.CONTACT : SyncedObject.LEAD;
        String loserOther = PersonRules.linkedId(other, loser);
        String note = "";
        if (loserOther != null && PersonRules.linkedId(other, winner) == null) {
            withLinkedId(other, survivor, loserOther);
            long ts = lookup.known(other, loserOther, out).map(InboundRecord::commitTimestamp).orElse(0L);
            out.saveRecord(new InboundRecord(loserOther, other, State.LINKED, winner.id(), null, ts));
            note = "; " + other + " " + loserOther + " now linked to it";
        } else if (loserOther != null) {
            duplicates.record(winner.id(), other, loserOther);
            note = "; " + other + " " + loserOther + " listed as duplicate";
        }
        if (winner.companyId() == null && winner.sfAccountId() == null) {
            survivor.companyId(loser.companyId()).sfAccountId(loser.sfAccountId());
        }
        return note;
    }

    private static Contact.Builder withLinkedId(SyncedObject object, Contact.Builder b, String id) {
        return object == SyncedObject.LEAD ? b.sfLeadId(id) : b.sfContactId(id);
    }
}
