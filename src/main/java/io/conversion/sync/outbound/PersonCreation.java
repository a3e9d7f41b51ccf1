package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.salesforce.SfContact;
import io.conversion.sync.salesforce.SfLead;
import io.conversion.sync.salesforce.SfPerson;
import io.conversion.sync.salesforce.SfRecord;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates the batch's Leads and Contacts (one sObject Collections call) and records each record's outcome. */
@Component("personCreation")
public class PersonCreation {

    /** What Salesforce shows for a required field the contact did not give (LastName, Lead.Company). */
    static final String NOT_PROVIDED = "[not provided]";

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final TransactionTemplate tx;

    PersonCreation(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity, TransactionTemplate tx) {
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.tx = tx;
    }

    /** The Leads and Contacts to create, in request order (empty when every contact waits or failed). */
    public List<SfRecord> records(OutboundBatch batch) {
        batch.sent.clear();
        batch.items.stream().filter(OutboundBatch.Item::open).forEach(batch.sent::add);
        // Before the request leaves: if its answer is lost, the next attempt reconciles instead of creating again.
        outbox.sending(batch.sent.stream().map(i -> i.contact.id()).toList());
        return batch.sent.stream().map(PersonCreation::record).toList();
    }

    /** Stores the Salesforce ids of created records; a refused record fails that contact only. */
    public void apply(OutboundBatch batch, List<SaveSObjectResult> results) {
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < batch.sent.size(); i++) {
                OutboundBatch.Item item = batch.sent.get(i);
                SaveSObjectResult result = i < results.size() ? results.get(i) : null;
                if (result != null && Boolean.TRUE.equals(result.getSuccess()) && result.getId() != null) {
                    created(item, result.getId());
                } else {
                    String error = SalesforceErrors.describe(result);
                    outbox.failed(item.contact.id(), error);
                    activity.record(Activity.outbound(item.object(), null, item.contact.id(), Outcome.FAILED,
                            "CREATE_" + item.object().name(), "SALESFORCE_ERROR", error)
                            .withContact(item.contact.id(), item.companyId));
                }
            }
        });
    }

    private void created(OutboundBatch.Item item, String sfId) {
        PendingContact c = item.contact;
        if (item.asContact()) {
            outbox.synced(c.id(), item.companyId, null, sfId, item.accountId);
        } else {
            // A Lead has no Account: the contact gets a standalone company of its own.
            long companyId = companies.insertStandalone(leadCompany(item), item.domain, null);
            outbox.synced(c.id(), companyId, sfId, null, null);
            item.companyId = companyId;
        }
        SyncedObject object = item.object();
        activity.record(Activity.outbound(object, sfId, c.id(), Outcome.APPLIED, "CREATE_" + object.name(), null,
                object + " created" + (item.accountId != null ? " under " + SyncedObject.ACCOUNT + " "
                        + item.accountId : ""))
                .withContact(c.id(), item.companyId));
    }

    private static SfRecord record(OutboundBatch.Item item) {
        PendingContact c = item.contact;
        SfPerson p;
        if (item.asContact()) {
            SfContact contact = new SfContact();
            contact.setAccountId(item.accountId);
            p = contact;
        } else {
            SfLead lead = new SfLead();
            lead.setCompany(leadCompany(item));
            p = lead;
        }
        p.setFirstName(c.firstName());
        p.setLastName(c.lastName() != null ? c.lastName() : NOT_PROVIDED);
        p.setEmail(c.email());
        p.setTitle(c.title());
        p.setPhone(c.phone());
        return p;
    }

    /** Lead.Company is required: the company given, else the company domain, else "[not provided]". */
    static String leadCompany(OutboundBatch.Item item) {
        if (item.contact.companyName() != null) {
            return item.contact.companyName();
        }
        return item.companyDomain() ? item.domain : NOT_PROVIDED;
    }
}
