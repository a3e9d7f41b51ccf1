package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.Domains;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

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

    OutboundBatches(ContactOutbox outbox, OutboundProperties properties, PersonalDomains personalDomains,
            ActivityLog activity, Clock clock) {
        this.outbox = outbox;
        this.properties = properties;
        this.personalDomains = personalDomains;
        this.activity = activity;
        this.clock = clock;
    }

    /**
     * Claims the next batch if one is due: a full batch waits, or no contact arrived for flush-after-ms, or the
     * oldest has waited max-wait-ms. Returns the claim token, or null when there is nothing to send yet.
     */
    public String claimDue() {
        Instant now = clock.instant();
        ContactOutbox.Backlog backlog = outbox.backlog(now.minusMillis(properties.claimLeaseMs()));
        if (backlog.count() == 0) {
            return null;
        }
        boolean full = backlog.count() >= properties.batchSize();
        boolean quiet = backlog.newest() == null || !backlog.newest().plusMillis(properties.flushAfterMs()).isAfter(now);
        boolean waitedEnough = backlog.oldest() == null
                || !backlog.oldest().plusMillis(properties.maxWaitMs()).isAfter(now);
        if (!full && !quiet && !waitedEnough) {
            return null;
        }
        String token = UUID.randomUUID().toString();
        int claimed = outbox.claim(token, properties.batchSize(), now.minusMillis(properties.claimLeaseMs()));
        return claimed == 0 ? null : token;
    }

    /** The contacts of a claim that still wait (on a retry, those already settled are left out). */
    public OutboundBatch load(String claim) {
        List<OutboundBatch.Item> items = outbox.claimed(claim).stream().map(c -> {
            String domain = Domains.fromEmail(c.email()).orElse(null);
            return new OutboundBatch.Item(c, domain, personalDomains.isPersonal(domain));
        }).toList();
        return new OutboundBatch(claim, items);
    }

    /** Records contacts that could not be sent and gives deferred ones back to the outbox. */
    public String finish(OutboundBatch batch) {
        int deferred = 0;
        int failed = 0;
        for (OutboundBatch.Item item : batch.items) {
            if (batch.sent.contains(item)) {
                continue;
            }
            if (item.failure != null) {
                failed++;
                outbox.failed(item.contact.id(), item.failure);
                activity.record(Activity.outbound(item.object(), null, item.contact.id(), Outcome.FAILED,
                        "CREATE_" + item.object().name(), "SALESFORCE_ERROR", item.failure)
                        .withContact(item.contact.id(), item.companyId));
            } else if (item.deferred) {
                deferred++;
                outbox.release(item.contact.id(), batch.claim);
            }
        }
        String summary = batch + ": " + batch.sent.size() + " sent, " + failed + " failed before sending, " + deferred
                + " deferred";
        LOG.debug(summary);
        return summary;
    }
}
