package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.outbound.UpdateOutbox.QueuedChange;
import io.conversion.sync.salesforce.SalesforceStatus;
import io.conversion.sync.salesforce.SalesforceStatusProperties;
import io.conversion.sync.salesforce.SfUpdate;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import io.conversion.sync.settings.SyncSettingsService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker side of outbound updates: decides when queued changes form a batch (up to batch-size records, like the
 * create outbox), claims them, builds one sObject Collections update per batch and records the outcome per record.
 * Checks that outbound sync is on before every Salesforce call (also on each retry): switched off, the claim is given
 * back untouched and waits until outbound is on again. While Salesforce is unavailable (or, after a batch's retries
 * timed out, for one recheck interval) the changes wait queued with the reason, and one batch tries per
 * {@code sync.salesforce.unavailable-recheck-interval}.
 */
@Component("updateSending")
public class UpdateSending {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateSending.class);

    private final UpdateOutbox outbox;
    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final FieldMap fieldMap;
    private final FieldStateRepository fieldStates;
    private final SyncSettingsService settings;
    private final OutboundProperties properties;
    private final ActivityLog activity;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ClaimTokens tokens;
    private final UnansweredClaims unanswered;
    private final ApiBudget budget;
    private final SyncBatches batches;
    private final SalesforceStatus salesforce;
    private final SalesforceStatusProperties salesforceProperties;
    /** After a batch waited (retries used up, Salesforce not DOWN: timeouts), no batch is claimed before this. */
    private volatile Instant heldUntil = Instant.EPOCH;
    private volatile String heldReason;

    UpdateSending(UpdateOutbox outbox, ContactRepository contacts, CompanyRepository companies, FieldMap fieldMap,
            FieldStateRepository fieldStates, SyncSettingsService settings, OutboundProperties properties,
            ActivityLog activity, TransactionTemplate tx, Clock clock, ClaimTokens tokens, UnansweredClaims unanswered,
            ApiBudget budget, SyncBatches batches, SalesforceStatus salesforce, SalesforceStatusProperties salesforceProperties) {
        this.unanswered = unanswered;
        this.batches = batches;
        this.salesforce = salesforce;
        this.salesforceProperties = salesforceProperties;
        this.tokens = tokens;
        this.outbox = outbox;
        this.contacts = contacts;
        this.companies = companies;
        this.fieldMap = fieldMap;
        this.fieldStates = fieldStates;
        this.settings = settings;
        this.properties = properties;
        this.activity = activity;
        this.tx = tx;
        this.clock = clock;
        this.budget = budget;
    }

    /** Claims the next batch when one is due (full, quiet for flush-after-ms, or waited max-wait-ms); else null. */
    public String claimDue() {
        if (!settings.outboundEnabled()) {
            return null;
        }
        unanswered.giveBack(); // a claim whose commit went unanswered holds contacts nobody sends
        Instant now = clock.instant();
        Instant expiry = now.minusMillis(properties.claimLeaseMs());
        UpdateOutbox.Backlog backlog = outbox.backlog(expiry);
        if (backlog.records() == 0) {
            return null;
        }
        boolean due = backlog.records() >= properties.batchSize()
                || !backlog.newest().plusMillis(properties.flushAfterMs()).isAfter(now)
                || !backlog.oldest().plusMillis(properties.maxWaitMs()).isAfter(now);
        if (!due || !budget.claimOutboundBatch()) {
            return null; // not yet, or the daily API allowance is near or at the reserve: the changes wait queued
        }
        if (salesforce.isDown()) {
            // Salesforce does not answer: the changes wait queued with the reason; one batch (of creates or of
            // updates) tries per recheck interval, and its answer tells when Salesforce is back.
            String reason = salesforce.waitReason();
            if (reason != null) {
                outbox.showWaiting(reason, expiry);
            }
            if (!salesforce.probeDue()) {
                return null;
            }
        } else if (now.isBefore(heldUntil)) {
            outbox.showWaiting(heldReason, expiry); // the last batch's retries timed out: try again after a while
            return null;
        }
        String token = tokens.next();
        // Its entry IN_PROGRESS with the claim, in its transaction (as for creates, OutboundBatches.claimDue).
        int claimed = unanswered.claim(token, () -> tx.execute(s -> {
            int n = outbox.claim(token, properties.batchSize(), expiry);
            if (n > 0) {
                batches.start(Activity.Direction.OUTBOUND, "UPDATE", null, token, now.toEpochMilli());
            }
            return n;
        }));
        return claimed == 0 ? null : token;
    }

    /**
     * The Salesforce updates of a claim, one per record, on the record it is linked to now (its Lead, or its
     * Contact once converted; a company's Account). Empty when outbound is off: the claim is given back.
     */
    public UpdateBatch load(@ExchangeProperty("updateClaim") String claim) {
        UpdateBatch batch = new UpdateBatch(claim);
        batch.batchId = batches.openFor(claim);
        if (!settings.outboundEnabled()) {
            tx.executeWithoutResult(s -> {
                outbox.release(claim);
                batches.close(batch.batchId, clock.millis()); // no record: no entry is left
            });
            LOG.info("Outbound sync is off: {} left queued until it is switched on", claim);
            return batch;
        }
        Map<Target, Map<Long, List<QueuedChange>>> byRecord = outbox.claimed(claim).stream()
                .collect(Collectors.groupingBy(QueuedChange::target, LinkedHashMap::new,
                        Collectors.groupingBy(QueuedChange::targetId, LinkedHashMap::new, Collectors.toList())));
        tx.executeWithoutResult(s -> {
            byRecord.forEach((target, records) -> records.forEach((id, changes) -> {
                Optional<Map.Entry<SyncedObject, String>> link = link(target, id);
                if (link.isEmpty()) {
                    // Unlinked since it was queued (its Salesforce record was deleted): nothing to update.
                    changes.forEach(outbox::drop);
                    return;
                }
                SyncedObject object = link.get().getKey();
                SfUpdate update = new SfUpdate(object, link.get().getValue());
                List<QueuedChange> carried = new ArrayList<>();
                for (QueuedChange c : changes) {
                    Optional<String> sfField = fieldMap.salesforceField(object, c.conversionField());
                    if (sfField.isEmpty()) {
                        outbox.drop(c);
                    } else {
                        update.put(sfField.get(), c.value());
                        carried.add(c);
                    }
                }
                if (!carried.isEmpty()) {
                    batch.items.add(new UpdateBatch.Item(object, id, update, carried));
                }
            }));
            if (batch.isEmpty()) {
                batches.close(batch.batchId, clock.millis()); // every change dropped: nothing to send, no entry left
            }
        });
        return batch;
    }

    private Optional<Map.Entry<SyncedObject, String>> link(Target target, long id) {
        if (target == Target.COMPANY) {
            return companies.findById(id).map(Company::sfAccountId).map(a -> Map.entry(SyncedObject.ACCOUNT, a));
        }
        Optional<Contact> c = contacts.findById(id);
        if (c.isPresent() && c.get().sfContactId() != null) {
            return Optional.of(Map.entry(SyncedObject.CONTACT, c.get().sfContactId()));
        }
        return c.map(Contact::sfLeadId).map(l -> Map.entry(SyncedObject.LEAD, l));
    }

    /**
     * Records Salesforce's answer per record, in one transaction: a record taken is gone from the outbox and its
     * values become the last Salesforce values seen (their change time: the Conversion change's), a refused one
     * is FAILED with Salesforce's message (retriable). Changes that arrived meanwhile stay queued.
     */
    public String apply(@ExchangeProperty("updateBatch") UpdateBatch batch, List<SaveSObjectResult> results) {
        int[] failed = {0};
        tx.executeWithoutResult(s -> {
            List<FieldState> seen = new ArrayList<>();
            List<Activity> rows = new ArrayList<>();
            Map<Target, Map<Long, Map<String, FieldState>>> states = new LinkedHashMap<>();
            for (Target t : Target.values()) {
                states.put(t, fieldStates.findAll(t, batch.items.stream().filter(i -> target(i) == t)
                        .map(UpdateBatch.Item::targetId).toList()));
            }
            for (int i = 0; i < batch.items.size(); i++) {
                UpdateBatch.Item item = batch.items.get(i);
                SaveSObjectResult result = i < results.size() ? results.get(i) : null;
                Target target = target(item);
                if (result != null && Boolean.TRUE.equals(result.getSuccess())) {
                    Map<String, FieldState> known = states.get(target).getOrDefault(item.targetId(), Map.of());
                    for (QueuedChange c : item.changes()) {
                        outbox.sent(c);
                        seen.add(known.getOrDefault(c.conversionField(),
                                        FieldState.empty(target, item.targetId(), c.conversionField()))
                                .sentToSalesforce(c.value(), c.changedAt()));
                    }
                    rows.add(row(item, Outcome.APPLIED, null, "updated " + item.update().getFields().keySet()));
                } else {
                    failed[0]++;
                    String error = SalesforceErrors.describe(result);
                    outbox.failed(target, item.targetId(), batch.claim, error);
                    rows.add(row(item, Outcome.FAILED, "SALESFORCE_ERROR", error));
                }
            }
            fieldStates.saveAll(seen);
            batch.batchId = activity.recordBatch(Activity.Direction.OUTBOUND, "UPDATE", batch.batchId,
                    batch.startedAt, rows);
            batches.close(batch.batchId, clock.millis());
            // Fields changed again while this batch was in flight keep their (newer) queued value: back to the queue.
            outbox.release(batch.claim);
        });
        String summary = batch + ": " + (batch.items.size() - failed[0]) + " updated, " + failed[0] + " refused";
        LOG.debug(summary);
        return summary;
    }

    /**
     * A batch waited after its retries (Salesforce unavailable or timing out): the next batch is claimed no sooner
     * than one recheck interval from now (while Salesforce is DOWN, {@link SalesforceStatus#probeDue} decides).
     */
    public void recheckLater(String reason) {
        heldReason = reason;
        heldUntil = clock.instant().plus(salesforceProperties.unavailableRecheckInterval());
    }

    /**
     * The request refused as a whole (not one record, and not for being unavailable: that waits): every record of
     * the claim FAILED with the reason.
     */
    public void failClaim(@ExchangeProperty("updateClaim") String claim,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String reason = "SALESFORCE_REJECTED";
        String message = SalesforceErrors.message(failure);
        long failedAt = clock.millis();
        int failed = tx.execute(s -> {
            List<Map.Entry<Target, Long>> records = outbox.failClaim(claim, reason + ": " + message);
            Long batchId = batches.openFor(claim);
            activity.recordBatch(Activity.Direction.OUTBOUND, "UPDATE", batchId, failedAt, records.stream()
                    .map(r -> Activity.outbound(r.getKey() == Target.CONTACT ? SyncedObject.CONTACT
                                    : SyncedObject.ACCOUNT, null, null, Outcome.FAILED, "UPDATE", reason, message)
                            .withContact(r.getKey() == Target.CONTACT ? r.getValue() : null,
                                    r.getKey() == Target.COMPANY ? r.getValue() : null)).toList());
            batches.close(batchId, clock.millis());
            return records.size();
        });
        LOG.warn("Outbound update batch {} failed ({} records): {}", claim, failed, message);
    }

    private static Target target(UpdateBatch.Item item) {
        return item.object().target();
    }

    private static Activity row(UpdateBatch.Item item, Outcome outcome, String reason, String message) {
        boolean contact = target(item) == Target.CONTACT;
        return Activity.outbound(item.object(), item.update().getId(), null, outcome,
                        "UPDATE_" + item.object().name(), reason, message)
                .withContact(contact ? item.targetId() : null, contact ? null : item.targetId());
    }
}
