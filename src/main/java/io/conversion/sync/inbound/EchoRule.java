package io.conversion.sync.inbound;

import static io.conversion.sync.inbound.BatchResults.text;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Our own write coming back: not applied again and nothing is written. Linking the Salesforce id to our row is the
 * outbound sync's job (it stores the id from Salesforce's answer, and reconciles by email when an answer was lost);
 * doing it here as well would race with that reconciliation. The log row names the Conversion row.
 */
@Component
class EchoRule {

    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final FieldMap fields;

    EchoRule(ContactRepository contacts, CompanyRepository companies, FieldMap fields) {
        this.contacts = contacts;
        this.companies = companies;
        this.fields = fields;
    }

    void confirm(ChangeEvent e, String id, BatchResults out) {
        Long contactId = null;
        Long companyId = null;
        if (e.object() == SyncedObject.ACCOUNT) {
            companyId = companies.findBySfAccountId(id).map(Company::id).orElse(null);
        } else {
            Optional<Contact> linked = e.object() == SyncedObject.LEAD ? contacts.findBySfLeadId(id)
                    : contacts.findBySfContactId(id);
            String email = fields.salesforceField(e.object(), ContactFields.EMAIL)
                    .map(f -> text(e.fields().get(f))).orElse(null);
            contactId = linked.or(() -> email == null ? Optional.empty() : contacts.findByEmail(email))
                    .map(Contact::id).orElse(null);
        }
        out.activities.add(Activity.inbound(e.entity(), id, Outcome.SKIPPED, null, "ECHO",
                "Change made by this service (" + e.changeOrigin() + ")", e.replayId()).withContact(contactId, companyId));
    }
}
