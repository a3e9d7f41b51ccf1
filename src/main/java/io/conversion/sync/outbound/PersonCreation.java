package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Direction;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncTimings;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.salesforce.SfContact;
import io.conversion.sync.salesforce.SfLead;
import io.conversion.sync.salesforce.SfPerson;
import io.conversion.sync.salesforce.SfRecord;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates the batch's Leads and Contacts (one sObject Collections call) and records each record's outcome. */
@Component("personCreation")
public class PersonCreation {

    private static final Logger LOG = LoggerFactory.getLogger(PersonCreation.class);

    /** What Salesforce shows for a required field the contact did not give (LastName, Lead.Company). */
    static final String NOT_PROVIDED = "[not provided]";

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final TransactionTemplate tx;
    private final CreateFields createFields;
    private final FieldStateRepository fieldStates;
    private final Clock clock;
    private final SyncTimings timings;

    PersonCreation(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity, TransactionTemplate tx,
            CreateFields createFields, FieldStateRepository fieldStates, Clock clock, SyncTimings timings) {
        this.timings = timings;
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.tx = tx;
        this.createFields = createFields;
        this.fieldStates = fieldStates;
        this.clock = clock;
    }

    /** The Leads and Contacts to create, in request order (empty when every contact waits or failed). */
    public List<SfRecord> records(OutboundBatch batch) {
        batch.sent.clear();
        List<OutboundBatch.Item> open = batch.items.stream().filter(OutboundBatch.Item::open).toList();
        Set<Long> claimed = outbox.stillClaimed(batch.claim, open.stream().map(i -> i.contact.id()).toList());
        for (OutboundBatch.Item item : open) {
            if (claimed.contains(item.contact.id())) {
                batch.sent.add(item);
            } else {
                item.adopted = true; // settled meanwhile (linked by inbound sync): never a second record
                LOG.info("{}: {} was linked meanwhile; not created", batch, item.contact.email());
            }
        }
        // Before the request leaves: if its answer is lost, the next attempt reconciles instead of creating again.
        outbox.sending(batch.sent.stream().map(i -> i.contact.id()).toList());
        long now = clock.millis();
        batch.sent.forEach(i -> i.fields = createFields.of(i.object(), i.contact.asContact(), now));
        return batch.sent.stream().map(PersonCreation::record).toList();
    }

    /** Stores the Salesforce ids of created records; a refused record fails that contact only. */
    public void apply(OutboundBatch batch, List<SaveSObjectResult> results) {
        List<OutboundBatch.Item> created = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            long now = clock.millis();
            Map<Long, Map<String, FieldState>> known = fieldStates.findAll(Target.CONTACT,
                    batch.sent.stream().map(i -> i.contact.id()).toList());
            List<FieldState> seen = new ArrayList<>();
            List<Activity> rows = new ArrayList<>();
            for (int i = 0; i < batch.sent.size(); i++) {
                OutboundBatch.Item item = batch.sent.get(i);
                SaveSObjectResult result = i < results.size() ? results.get(i) : null;
                if (result != null && Boolean.TRUE.equals(result.getSuccess()) && result.getId() != null) {
                    if (!created(batch, item, result.getId(), rows)) {
                        continue;
                    }
                    created.add(item);
                    Map<String, FieldState> states = known.getOrDefault(item.contact.id(), Map.of());
                    item.fields.forEach(f -> seen.add(states.getOrDefault(f.mapping().conversionField(),
                            FieldState.empty(Target.CONTACT, item.contact.id(), f.mapping().conversionField()))
                            .sentToSalesforce(f.value(), now)));
                } else {
                    String error = SalesforceErrors.describe(result);
                    outbox.failed(item.contact.id(), error);
                    rows.add(Activity.outbound(item.object(), null, item.contact.id(), Outcome.FAILED,
                            "CREATE_" + item.object().name(), "SALESFORCE_ERROR", error)
                            .withContact(item.contact.id(), item.companyId));
                }
            }
            fieldStates.saveAll(seen);
            batch.batchId = activity.recordBatch(Direction.OUTBOUND, "CREATE", batch.batchId, batch.startedAt, rows);
        });
        created.forEach(i -> timings.outboundCreated(i.object().sfName(), i.contact.pendingSince()));
    }

    /** Records a created record on its contact; false when the contact was linked meanwhile (the record is surplus). */
    private boolean created(OutboundBatch batch, OutboundBatch.Item item, String sfId, List<Activity> rows) {
        PendingContact c = item.contact;
        SyncedObject object = item.object();
        boolean mine = item.asContact()
                ? outbox.syncedUnderClaim(batch.claim, c.id(), item.companyId, null, sfId, item.accountId)
                : outbox.syncedUnderClaim(batch.claim, c.id(), null, sfId, null, null);
        if (!mine) {
            // A Salesforce user made this contact's record while ours was on its way and inbound sync linked it:
            // ours is the duplicate, created a moment ago by us and touched by nobody, so it is deleted.
            batch.surplus.add(sfId);
            LOG.info("{}: {} was linked to a record made in Salesforce while {} {} was being created; deleting {}",
                    batch, c.email(), object, sfId, sfId);
            rows.add(Activity.outbound(object, sfId, c.id(), Outcome.SKIPPED, "CREATE_" + object.name(),
                    "LINKED_MEANWHILE", object + " " + sfId + " created while a Salesforce user made this contact's "
                            + "record (linked by inbound sync): deleted as a duplicate")
                    .withContact(c.id(), item.companyId));
            return false;
        }
        if (!item.asContact()) {
            // A Lead has no Account: the contact gets a standalone company of its own.
            long companyId = companies.insertStandalone(leadCompany(item), item.domain, null);
            outbox.linkCompany(c.id(), companyId);
            item.companyId = companyId;
        }
        rows.add(Activity.outbound(object, sfId, c.id(), Outcome.APPLIED, "CREATE_" + object.name(), null,
                object + " created" + (item.accountId != null ? " under " + SyncedObject.ACCOUNT + " "
                        + item.accountId : ""))
                .withContact(c.id(), item.companyId));
        return true;
    }

    /** Records this batch created that turned out to be duplicates (see {@link #created}): deleted in one call. */
    public List<String> surplus(OutboundBatch batch) {
        return List.copyOf(batch.surplus);
    }

    /**
     * The Lead or Contact as created: the mapped fields the field map sends (see {@link CreateFields}), and the
     * fields Salesforce requires filled even when the contact has no value (LastName, Lead.Company).
     */
    private static SfRecord record(OutboundBatch.Item item) {
        SfPerson p;
        Map<String, String> values = CreateFields.bySalesforceName(item.fields);
        if (item.asContact()) {
            SfContact contact = new SfContact();
            contact.setAccountId(item.accountId);
            p = contact;
        } else {
            p = new SfLead();
            required(values, "Company", leadCompany(item));
        }
        required(values, "LastName", NOT_PROVIDED);
        required(values, "Email", item.contact.email());
        values.forEach(p::put);
        return p;
    }

    /** Puts a required field's fallback value unless the mapped fields already give it (names are case-insensitive). */
    private static void required(Map<String, String> values, String field, String fallback) {
        if (values.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(field))) {
            values.put(field, fallback);
        }
    }

    /** Lead.Company is required: the company given, else the company domain, else "[not provided]". */
    static String leadCompany(OutboundBatch.Item item) {
        if (item.contact.companyName() != null) {
            return item.contact.companyName();
        }
        return item.companyDomain() ? item.domain : NOT_PROVIDED;
    }
}
