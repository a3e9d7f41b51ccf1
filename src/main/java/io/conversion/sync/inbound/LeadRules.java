package io.conversion.sync.inbound;

import static io.conversion.sync.inbound.BatchResults.replay;
import static io.conversion.sync.inbound.BatchResults.text;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Leads become Conversion contacts (see {@link PersonRules}). A converted Lead hands over to its Contact: the
 * Conversion contact follows the new Contact, and later changes of the Lead are skipped.
 */
@Component
class LeadRules implements ObjectRules {

    private static final String IS_CONVERTED = "IsConverted";
    private static final String CONVERTED_CONTACT_ID = "ConvertedContactId";

    private final PersonRules persons;
    private final ContactRepository contacts;

    LeadRules(PersonRules persons, ContactRepository contacts) {
        this.persons = persons;
        this.contacts = contacts;
    }

    @Override
    public SyncedObject object() {
        return SyncedObject.LEAD;
    }

    @Override
    public List<String> linkFields() {
        return List.of(IS_CONVERTED, CONVERTED_CONTACT_ID);
    }

    @Override
    public void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<InboundRecord> rec,
            BatchResults out) {
        if (rec.isPresent() && rec.get().is(State.CONVERTED)) {
            skipConverted(e, id, rec.get(), out);
        } else if (Boolean.TRUE.equals(data.get(IS_CONVERTED))) {
            convert(e, id, data, ts, rec, out);
        } else {
            persons.upsert(e, id, data, ts, rec, out, (fields, contact) -> {
            });
        }
    }

    @Override
    public Optional<PersonRules.Creation> creation(ChangeEvent e, String id, Map<String, Object> data, long ts,
            BatchResults out) {
        return Boolean.TRUE.equals(data.get(IS_CONVERTED)) ? Optional.empty()
                : persons.creation(e, id, data, ts, out, (fields, contact) -> {
                });
    }

    @Override
    public void delete(ChangeEvent e, String id, Optional<InboundRecord> rec, BatchResults out) {
        if (rec.isPresent() && rec.get().is(State.CONVERTED)) {
            skipConverted(e, id, rec.get(), out);
        } else {
            persons.delete(e, id, rec, out);
        }
    }

    private static void skipConverted(ChangeEvent e, String id, InboundRecord rec, BatchResults out) {
        out.skip(e, id, "CONVERTED_LEAD", "Lead was converted; its Contact syncs instead", rec);
    }

    /**
     * The Lead UPDATE of a conversion (IsConverted, ConvertedContactId) comes after the Contact CREATE of the same
     * transaction: the Conversion contact of the Lead takes the new Contact's id, unless another contact has it.
     */
    private void convert(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<InboundRecord> rec,
            BatchResults out) {
        String contactSfId = text(data.get(CONVERTED_CONTACT_ID));
        Contact fromLead = persons.locate(SyncedObject.LEAD, id, rec).orElse(null);
        String detail = "Lead converted" + (contactSfId == null ? "" : " to Contact " + contactSfId);
        if (fromLead != null && contactSfId != null) {
            Optional<Contact> holder = contacts.findBySfContactId(contactSfId);
            if (holder.isEmpty()) {
                contacts.update(fromLead.toBuilder().sfContactId(contactSfId).build());
                out.saveRecord(new InboundRecord(contactSfId, SyncedObject.CONTACT, State.LINKED, fromLead.id(), null,
                        ts));
                out.activities.add(Activity.inbound(SyncedObject.CONTACT.sfName(), contactSfId, Outcome.APPLIED,
                        "RELINKED", null, "Conversion contact of Lead " + id + " now follows Contact " + contactSfId,
                        replay(e)).withContact(fromLead.id(), fromLead.companyId()));
                detail += "; Conversion contact " + fromLead.id() + " re-linked";
            } else if (!holder.get().id().equals(fromLead.id())) {
                detail += "; Contact already linked to Conversion contact " + holder.get().id();
            }
        }
        Long contactId = fromLead == null ? null : fromLead.id();
        out.saveRecord(new InboundRecord(id, SyncedObject.LEAD, State.CONVERTED, contactId, null, ts));
        out.activities.add(Activity.inbound(SyncedObject.LEAD.sfName(), id, Outcome.SKIPPED, null, "CONVERTED_LEAD",
                detail, replay(e)).withContact(contactId, null));
    }
}
