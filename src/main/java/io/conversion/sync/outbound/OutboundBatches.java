package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Domains;
import io.conversion.sync.salesforce.SalesforceStatus;
import io.conversion.sync.settings.SyncSettingsService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox side of outbound sync: decides when PENDING contacts form a batch, claims them for this worker,
 * loads them, and settles what is left when the batch ends.
 */
@Component("outboundBatches")
public class OutboundBatches {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundBatches.class);

    private final ContactOutbox outbox;
    private final OutboundProperties properties;
    private final PersonalDomains personalDomains;
    private final ActivityLog activity;
    private final Clock clock;
    private final SyncSettingsService settings;
    private final CompanyRepository companies;
    private final BatchWindow window;
    private final IntakeQueue intake;
    private final ClaimTokens tokens;
    private final UnansweredClaims unanswered;
    private final ApiBudget budget;
    private final SalesforceStatus salesforce;
    private final SyncBatches batches;
    private final TransactionTemplate tx;
    private final BatchesInFlight inFlight;

    OutboundBatches(ContactOutbox outbox, OutboundProperties properties, PersonalDomains personalDomains,
            ActivityLog activity, Clock clock, SyncSettingsService settings, CompanyRepository companies,
            BatchWindow window, IntakeQueue intake, ClaimTokens tokens, UnansweredClaims unanswered, ApiBudget budget,
            SalesforceStatus salesforce, SyncBatches batches, TransactionTemplate tx) {
        this.unanswered = unanswered;
        this.batches = batches;
        this.tx = tx;
        this.inFlight = new BatchesInFlight(properties.batchesInFlight());
        this.salesforce = salesforce;
        this.tokens = tokens;
        this.budget = budget;
        this.window = window;
        this.intake = intake;
        this.settings = settings;
        this.companies = companies;
        this.outbox = outbox;
        this.properties = properties;
        this.personalDomains = personalDomains;
        this.activity = activity;
        this.clock = clock;
    }

    /**
     * Claims the next batch if one is due ({@link BatchWindow}: full, sparse arrivals, quiet for flush-after-ms, or
     * the oldest waited max-wait-ms). Returns the claim token, or null when there is nothing to send yet.
     */
    public String claimDue(Exchange exchange) {
        if (!settings.outboundEnabled()) {
            return null; // read-only: nothing goes to Salesforce; PENDING contacts wait until it is switched on
        }
        if (!inFlight.available()) {
            return null; // the batch before is still waiting for Salesforce's answer
        }
        unanswered.giveBack(); // a claim whose commit went unanswered holds contacts nobody sends
        Instant now = clock.instant();
        ContactOutbox.Backlog backlog = outbox.backlog(now.minusMillis(properties.claimLeaseMs()));
        if (backlog.count() == 0) {
            return null;
        }
        if (!window.due(backlog.count(), backlog.oldest(), backlog.newest(), now, 1, intake::hasWaitingMessages)) {
            return null;
        }
        if (!budget.claimOutboundBatch()) {
            return null; // the daily API allowance is near or at the reserve: PENDING contacts wait (or gather)
        }
        String unavailable = salesforce.waitReason();
        if (unavailable != null) {
            // Salesforce does not answer: the contacts wait PENDING with the reason; one batch at a time tries,
            // once per recheck interval, and its answer tells when Salesforce is back.
            outbox.showWaiting(unavailable, now.minusMillis(properties.claimLeaseMs()));
            if (!salesforce.probeDue()) {
                return null;
            }
        }
        String token = tokens.next();
        // The batch's entry is written IN_PROGRESS with the claim, in its transaction: a batch that runs shows on
        // the activity page, and one a crash interrupts leaves a row the restart closes (StaleClaims).
        int claimed = unanswered.claim(token, () -> tx.execute(s -> {
            int n = outbox.claim(token, properties.batchSize(), now.minusMillis(properties.claimLeaseMs()));
            if (n > 0) {
                batches.start(Activity.Direction.OUTBOUND, "CREATE", null, token, now.toEpochMilli());
            }
            return n;
        }));
        if (claimed == 0) {
            return null;
        }
        inFlight.started(exchange);
        LOG.debug("Claimed {} contacts as batch {} ({} in flight)", claimed, token, inFlight.running());
        return token;
    }

    /**
     * Runs before every attempt at a claimed batch: at the reserve no batch is sent, and near it a retry waits
     * (retries are deferrable work); both give the contacts back as PENDING with the reason
     * ({@link ApiBudgetWaitException}), they are never FAILED for it.
     */
    public void checkBudget(@Header(Exchange.REDELIVERY_COUNTER) Integer redelivery) {
        String reason = redelivery != null && redelivery > 0 ? budget.deferrableWaitReason()
                : budget.outboundWaitReason();
        if (reason != null) {
            throw new ApiBudgetWaitException(reason, null);
        }
    }

    /**
     * The contacts of a claim that still wait (on a retry, those already settled are left out). Runs before every
     * attempt: if outbound sync was switched off meanwhile, the claim is given back and the batch is empty, so no
     * Salesforce call is made; the contacts stay PENDING and go when outbound is switched on again.
     */
    public OutboundBatch load(String claim) {
        if (!settings.outboundEnabled()) {
            outbox.claimed(claim).forEach(c -> outbox.release(c.id(), claim));
            companies.releaseDomains(claim); // an earlier attempt's Account claims: no other batch waits for them
            LOG.info("Outbound sync is off: batch {} left PENDING until it is switched on", claim);
            OutboundBatch empty = new OutboundBatch(claim, List.of());
            empty.batchId = batches.openFor(claim); // closed by finish: no record, so no entry is left
            return empty;
        }
        outbox.renew(claim); // every attempt: a batch retrying longer than the lease keeps its contacts
        List<OutboundBatch.Item> items = outbox.claimed(claim).stream().map(c -> {
            String domain = Domains.fromEmail(c.email()).orElse(null);
            return new OutboundBatch.Item(c, domain, personalDomains.isPersonal(domain));
        }).toList();
        OutboundBatch batch = new OutboundBatch(claim, items);
        batch.batchId = batches.openFor(claim);
        return batch;
    }

    /**
     * Records contacts that could not be sent, gives deferred ones back to the outbox and closes the batch's entry,
     * in one transaction.
     */
    public String finish(OutboundBatch batch) {
        int[] counts = tx.execute(s -> finishInTransaction(batch));
        String summary = batch + ": " + batch.sent.size() + " sent, " + counts[0] + " failed before sending, "
                + counts[1] + " deferred";
        LOG.debug(summary);
        return summary;
    }

    private int[] finishInTransaction(OutboundBatch batch) {
        int deferred = 0;
        int failed = 0;
        List<Activity> rows = new ArrayList<>();
        for (OutboundBatch.Item item : batch.items) {
            if (batch.sent.contains(item)) {
                continue;
            }
            if (item.failure != null) {
                failed++;
                outbox.failed(item.contact.id(), item.failure);
                rows.add(Activity.outbound(item.object(), null, item.contact.id(), Outcome.FAILED,
                        "CREATE_" + item.object().name(), "SALESFORCE_ERROR", item.failure)
                        .withContact(item.contact.id(), item.companyId));
            } else if (item.deferred) {
                deferred++;
                outbox.release(item.contact.id(), batch.claim);
            }
        }
        // Failed before sending: same batch entry as the contacts sent (a new one when none was sent).
        batch.batchId = activity.recordBatch(Activity.Direction.OUTBOUND, "CREATE", batch.batchId, batch.startedAt,
                rows);
        batches.close(batch.batchId, clock.millis());
        return new int[] {failed, deferred};
    }
}
