package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch that waits for the org's daily API allowance, or for an unavailable Salesforce: its contacts go back to the
 * outbox as PENDING, the reason in their {@code syncError} and one activity row each (SKIPPED, reason e.g.
 * {@code API_LIMIT_EXCEEDED}, {@code SALESFORCE_UNAVAILABLE}); the next batch takes them once the allowance recovers
 * or Salesforce answers. Never FAILED, never dead-lettered.
 */
@Component("outboundWaits")
public class OutboundWaits {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundWaits.class);

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final UpdateOutbox updates;
    private final UpdateSending updateSending;

    private final SyncBatches batches;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutboundWaits(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity, UpdateOutbox updates,
            UpdateSending updateSending, SyncBatches batches, TransactionTemplate tx, Clock clock) {
        this.batches = batches;
        this.tx = tx;
        this.clock = clock;
        this.updates = updates;
        this.updateSending = updateSending;
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
    }

    /**
     * A batch of new contacts ({@code outboundClaim}) or of field updates ({@code updateClaim}) waits: for the API
     * allowance ({@link ApiBudgetWaitException}), or for Salesforce to answer again after the retries
     * ({@link SalesforceUnavailableException}: {@code SALESFORCE_UNAVAILABLE}, the next batch tries once per
     * {@code sync.salesforce.unavailable-recheck-interval}).
     */
    public int waitBatch(@ExchangeProperty("outboundClaim") String claim,
            @ExchangeProperty("updateClaim") String updateClaim,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        ApiBudgetWaitException reason = cause instanceof ApiBudgetWaitException w ? w
                : new ApiBudgetWaitException(SalesforceErrors.isTimeout(cause)
                        ? "SALESFORCE_TIMEOUT: " + cause.getMessage() + "; no answer in time, sent again later"
                        : "SALESFORCE_UNAVAILABLE: " + cause.getMessage() + "; waits until Salesforce answers", cause);
        if (updateClaim != null) {
            if (!(cause instanceof ApiBudgetWaitException)) {
                updateSending.recheckLater(reason.getMessage());
            }
            return waitUpdates(updateClaim, reason);
        }
        // One transaction: the contacts back to PENDING, their rows, and the batch's entry closed with them.
        List<PendingContact> waiting = tx.execute(s -> {
            List<PendingContact> contacts = outbox.waitClaimed(claim, reason.getMessage());
            companies.releaseDomains(claim);
            Long batchId = batches.openFor(claim);
            activity.recordBatch(Activity.Direction.OUTBOUND, "CREATE", batchId, clock.millis(), contacts.stream()
                    .map(c -> Activity.outbound(c.object(), null, c.id(), Outcome.SKIPPED,
                            "CREATE_" + c.object().name(), reason.code(), reason.getMessage())).toList());
            batches.close(batchId, clock.millis());
            return contacts;
        });
        LOG.info("Outbound batch {} waits ({} contacts PENDING): {}", claim, waiting.size(), reason.getMessage());
        return waiting.size();
    }

    /**
     * Field updates stay queued (PENDING) with the reason, one activity row per record, and go once the allowance
     * recovers or Salesforce answers.
     */
    private int waitUpdates(String claim, ApiBudgetWaitException reason) {
        int waiting = tx.execute(s -> {
            var records = updates.waitClaim(claim, reason.getMessage());
            Long batchId = batches.openFor(claim);
            activity.recordBatch(Activity.Direction.OUTBOUND, "UPDATE", batchId, clock.millis(),
                    records.stream().map(r -> {
                        boolean contact = r.getKey() == Target.CONTACT;
                        return Activity.outbound(contact ? SyncedObject.CONTACT : SyncedObject.ACCOUNT, null, null,
                                Outcome.SKIPPED, "UPDATE", reason.code(), reason.getMessage())
                                .withContact(contact ? r.getValue() : null, contact ? null : r.getValue());
                    }).toList());
            batches.close(batchId, clock.millis());
            return records.size();
        });
        LOG.info("Outbound update batch {} waits ({} records queued): {}", claim, waiting, reason.getMessage());
        return waiting;
    }
}
