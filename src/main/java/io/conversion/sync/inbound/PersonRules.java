package io.conversion.sync.inbound;

import static io.conversion.sync.inbound.BatchResults.text;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.contacts.Emails;
import io.conversion.sync.contacts.SalesforceDuplicates;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.outbound.ContactOutbox;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;

/**
 * The rules Leads and Contacts share: a person is matched to a Conversion contact by its link, else by email (no
 * email, no sync; an email linked to another record of the object is not taken over), its mapped fields are applied
 * field by field by their sync mode ({@link InboundFields}, provenance in field_state), and a delete keeps the contact and forgets the Salesforce id.
 * A record whose email belongs to a contact linked to another record is listed on it as a duplicate
 * ({@link SalesforceDuplicates}); an email of a merged contact leads to the contact it was merged into.
 * (Over 250 lines: the rules Leads and Contacts share, including the set-based creation of an import chunk, kept
 * beside the per-record rules they must agree with.)
 */
@Component
class PersonRules {

    static final String SOURCE = "SALESFORCE";

    private final ContactRepository contacts;
    private final FieldMap fields;
    private final InboundFields inboundFields;
    private final ContactOutbox outbox;
    private final SalesforceDuplicates duplicates;

    PersonRules(ContactRepository contacts, FieldMap fields, InboundFields inboundFields, ContactOutbox outbox,
            SalesforceDuplicates duplicates) {
        this.duplicates = duplicates;
        this.outbox = outbox;
        this.contacts = contacts;
        this.fields = fields;
        this.inboundFields = inboundFields;
    }

    /**
     * @param links sets the object's own links on the merged contact (a Contact's Account), given the data
     */
    void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<InboundRecord> rec,
            BatchResults out, BiConsumer<Map<String, Object>, Contact.Builder> links) {
        SyncedObject object = e.object();
        Contact target = locate(object, id, rec, out).orElse(null);
        String emailField = fields.salesforceField(object, ContactFields.EMAIL).orElseThrow();
        Map<String, Object> byName = InboundFields.caseInsensitive(data);
        String email = text(byName.get(emailField));
        if (target != null && byName.containsKey(emailField) && email == null) {
            out.skip(e, id, "NO_EMAIL", "Email was removed in Salesforce; the Conversion contact keeps its email",
                    rec.orElse(null));
            out.saveRecord(new InboundRecord(id, object, State.LINKED, target.id(), null, ts));
            return;
        }
        if (target == null && email == null) {
            out.skip(e, id, "NO_EMAIL", object + " has no email address", null);
            out.saveRecord(new InboundRecord(id, object, State.NO_EMAIL, null, null, ts));
            return;
        }
        Optional<String> invalid = email == null ? Optional.empty() : Emails.invalidReason(Emails.normalize(email));
        if (invalid.isPresent()) {
            // As a record without email: nothing to match or create by; a linked contact keeps its email. Salesforce
            // validates its Email field, so this is a mapped text field or an unusual address (README "Bad input").
            out.skip(e, id, "INVALID_EMAIL", object + " " + id + ": " + invalid.get()
                    + (target == null ? "; not created in Conversion" : "; the Conversion contact keeps its email"),
                    rec.orElse(null));
            out.saveRecord(target == null ? new InboundRecord(id, object, State.NO_EMAIL, null, null, ts)
                    : new InboundRecord(id, object, State.LINKED, target.id(), null, ts));
            return;
        }
        if (target == null) {
            Optional<Contact> byEmail = findByEmail(email, out);
            Optional<Contact> sameEmail = byEmail.map(this::survivor);
            if (sameEmail.isPresent()) {
                String holder = linkedId(object, sameEmail.get());
                if (holder != null && !holder.equals(id)) {
                    out.skip(e, id, "DUPLICATE_EMAIL", "Conversion contact " + sameEmail.get().id() + " with this "
                            + "email is already linked to " + object + " " + holder
                            + "; listed on it as a duplicate in Salesforce", null);
                    out.saveRecord(new InboundRecord(id, object, State.UNLINKED, null, null, ts));
                    duplicates.record(sameEmail.get().id(), object, id);
                    return;
                }
                target = sameEmail.get(); // e.g. the Contact of a converted Lead: re-linked, never duplicated
                if (!target.id().equals(byEmail.get().id())) {
                    contacts.releaseEmail(byEmail.get().id()); // a merged contact's email: the survivor takes it
                }
            }
        } else if (email != null && !Objects.equals(Contact.emailKey(email), Contact.emailKey(target.email()))) {
            Optional<Contact> other = findByEmail(email, out);
            if (other.isPresent() && contacts.mergedInto(other.get().id()).filter(target.id()::equals).isPresent()) {
                contacts.releaseEmail(other.get().id()); // the winner of a merge took the loser's email
            } else if (other.isPresent() && !other.get().id().equals(target.id())) {
                out.skip(e, id, "DUPLICATE_EMAIL", "New email belongs to Conversion contact " + other.get().id(),
                        rec.orElse(null));
                return;
            }
        }

        if (target == null) {
            Creation c = newContact(e, id, data, ts, links);
            created(c, contacts.insertId(c.contact()), out);
            if (rec.filter(r -> r.is(State.UNLINKED)).isPresent()) {
                duplicates.forget(id); // listed as a duplicate once, linked now
            }
            return;
        }
        Contact.Builder merged = target.toBuilder();
        InboundFields.Decision decision = inboundFields.decide(e, data, ts,
                out.fieldStates.of(Target.CONTACT, target.id()), false);
        // The email is never cleared here: a removed email was handled above.
        decision.values().forEach((field, value) -> ContactFields.set(merged, field, value));
        withLinkedId(object, merged, id);
        links.accept(data, merged);
        // A record made in Salesforce for a contact not synced yet (PENDING, FAILED, SKIPPED, deleted there): the
        // contact is synced now, and its pending outbound create is dropped below.
        boolean linkedBySalesforce = target.awaitingSalesforce();
        if (linkedBySalesforce) {
            merged.syncStatus(SyncStatus.SYNCED).syncError(null);
        }
        Contact contact = merged.build();
        contacts.update(contact);
        long contactId = target.id();
        String action = BatchResults.updateAction(e, rec);
        out.lookups.writtenEmail(contact.email());
        out.fieldStates.record(Target.CONTACT, contactId, decision.seen());
        out.saveRecord(new InboundRecord(id, object, State.LINKED, contactId, null, ts));
        if (rec.filter(r -> r.is(State.UNLINKED)).isPresent()) {
            duplicates.forget(id); // listed as a duplicate once, linked now
        }
        out.appliedFields(e, id, action, contactId, contact.companyId(), BatchResults.changedFields(e, data),
                decision);
        if (linkedBySalesforce) {
            outbox.linkedBySalesforce(contactId);
        }
        if (linkedBySalesforce && target.syncStatus() != SyncStatus.DELETED_IN_SALESFORCE) { // an undelete: UNDELETED says it
            out.activities.add(Activity.inbound(e.entity(), id, Outcome.APPLIED, "LINKED_BY_SALESFORCE", null,
                    "Conversion contact " + contactId + " (" + target.syncStatus() + ") linked to " + object + " " + id
                            + " made in Salesforce: now SYNCED, no record created for it by outbound sync",
                    BatchResults.replay(e)).withContact(contactId, contact.companyId()));
        }
    }

    /**
     * A record new to Conversion: the contact it becomes (every Salesforce value but the DO_NOT_SYNC ones, its link,
     * the object's links), inserted by the caller, alone ({@link #upsert}) or with the other creations of an import
     * chunk ({@link #createAll}).
     */
    record Creation(ChangeEvent event, String id, Map<String, Object> data, long ts, Contact contact,
            InboundFields.Decision decision) {
    }

    /**
     * An import chunk's record that the chunk's lookups know is new to Conversion (no contact holds its id or its
     * email): its creation, inserted later with the chunk's others; empty when it is not known to be new (then
     * {@link #upsert} decides, as for any record). The caller makes sure no other record of the chunk has the email.
     */
    Optional<Creation> creation(ChangeEvent e, String id, Map<String, Object> data, long ts, BatchResults out,
            BiConsumer<Map<String, Object>, Contact.Builder> links) {
        String email = email(e.object(), data);
        if (email == null || Emails.invalidReason(Emails.normalize(email)).isPresent() || !out.lookups.absentId(id) || out.records.pending(id).isPresent()
                || !out.lookups.absentEmail(email)) {
            return Optional.empty();
        }
        return Optional.of(newContact(e, id, data, ts, links));
    }

    /** Inserts the creations' contacts in one batched statement, then records each as {@link #upsert} does. */
    void createAll(List<Creation> creations, BatchResults out) {
        long[] ids = contacts.insertAll(creations.stream().map(Creation::contact).toList());
        for (int i = 0; i < ids.length; i++) {
            created(creations.get(i), ids[i], out);
        }
    }

    /** The record's email (the mapped email field), trimmed; null when it has none. */
    String email(SyncedObject object, Map<String, Object> data) {
        String emailField = fields.salesforceField(object, ContactFields.EMAIL).orElseThrow();
        for (Map.Entry<String, Object> f : data.entrySet()) {
            if (f.getKey().equalsIgnoreCase(emailField)) {
                return text(f.getValue());
            }
        }
        return null;
    }

    private Creation newContact(ChangeEvent e, String id, Map<String, Object> data, long ts,
            BiConsumer<Map<String, Object>, Contact.Builder> links) {
        Contact.Builder merged = Contact.builder().source(SOURCE).syncStatus(SyncStatus.SYNCED);
        // New to Conversion: no field_state yet, every Salesforce value but the DO_NOT_SYNC ones.
        InboundFields.Decision decision = inboundFields.decide(e, data, ts, Map.of(), true);
        decision.values().forEach((field, value) -> ContactFields.set(merged, field, value));
        withLinkedId(e.object(), merged, id);
        links.accept(data, merged);
        return new Creation(e, id, data, ts, merged.build(), decision);
    }

    private static void created(Creation c, long contactId, BatchResults out) {
        out.fieldStates.created(Target.CONTACT, contactId);
        out.lookups.writtenEmail(c.contact().email());
        out.fieldStates.record(Target.CONTACT, contactId, c.decision().seen());
        out.saveRecord(new InboundRecord(c.id(), c.event().object(), State.LINKED, contactId, null, c.ts()));
        out.appliedFields(c.event(), c.id(), "CREATED", contactId, c.contact().companyId(),
                BatchResults.changedFields(c.event(), c.data()), c.decision());
    }

    /** Deleting in Salesforce keeps the Conversion contact (its marketing history); an undelete links it again. */
    void delete(ChangeEvent e, String id, Optional<InboundRecord> rec, BatchResults out) {
        duplicates.forget(id);
        Optional<Contact> target = locate(e.object(), id, rec, out);
        if (target.isEmpty()) {
            out.skip(e, id, "NOT_LINKED", "No Conversion contact is linked to this " + e.object(), null);
            return;
        }
        Contact c = target.get();
        Contact unlinked = withLinkedId(e.object(), c.toBuilder(), null).build();
        if (unlinked.sfLeadId() == null && unlinked.sfContactId() == null
                && unlinked.syncStatus() == SyncStatus.SYNCED) {
            // Nothing in Salesforce stands for it any more: shown as such, and "sync now" creates it again.
            unlinked = unlinked.toBuilder().syncStatus(SyncStatus.DELETED_IN_SALESFORCE).build();
        }
        contacts.update(unlinked);
        out.saveRecord(new InboundRecord(id, e.object(), State.DELETED, c.id(), null, e.commitTimestamp()));
        out.applied(e, id, "DELETED", c.id(), c.companyId(), List.of());
        if (unlinked.syncStatus() == SyncStatus.DELETED_IN_SALESFORCE) {
            out.amendLast(a -> new Activity(null, null, a.direction(), a.objectType(), a.sfId(), a.contactId(),
                    a.companyId(), a.outcome(), a.action(), "DELETED_IN_SALESFORCE", a.message()
                            + "; Conversion contact " + c.id() + " kept as DELETED_IN_SALESFORCE", a.replayId()));
        }
    }

    /** As below, skipping the lookup when the import chunk's lookups know no contact holds the id. */
    private Optional<Contact> locate(SyncedObject object, String id, Optional<InboundRecord> rec, BatchResults out) {
        return rec.isEmpty() && out.lookups.absentId(id) ? Optional.empty() : locate(object, id, rec);
    }

    private Optional<Contact> findByEmail(String email, BatchResults out) {
        return out.lookups.absentEmail(email) ? Optional.empty() : contacts.findByEmail(email);
    }

    /** The contact linked to this record; after a delete, the same contact again if its slot is still free. */
    Optional<Contact> locate(SyncedObject object, String id, Optional<InboundRecord> rec) {
        Optional<Contact> linked = object == SyncedObject.LEAD ? contacts.findBySfLeadId(id)
                : contacts.findBySfContactId(id);
        if (linked.isPresent()) {
            return linked;
        }
        return rec.filter(r -> r.contactId() != null && r.is(State.DELETED))
                .flatMap(r -> contacts.findById(r.contactId()))
                .filter(c -> linkedId(object, c) == null);
    }

    /** The contact a merged contact was folded into (its email still found it), else the contact itself. */
    private Contact survivor(Contact c) {
        return c.syncStatus() != SyncStatus.MERGED ? c
                : contacts.mergedInto(c.id()).flatMap(contacts::findById).orElse(c);
    }

    /** The id of the object's record a contact is linked to (its Lead or its Contact). */
    static String linkedId(SyncedObject object, Contact c) {
        return object == SyncedObject.LEAD ? c.sfLeadId() : c.sfContactId();
    }

    private static Contact.Builder withLinkedId(SyncedObject object, Contact.Builder b, String id) {
        return object == SyncedObject.LEAD ? b.sfLeadId(id) : b.sfContactId(id);
    }
}
