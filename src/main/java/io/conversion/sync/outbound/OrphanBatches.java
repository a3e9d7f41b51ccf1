package io.conversion.sync.outbound;

import io.conversion.sync.activity.SyncBatches;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Outbound batch entries left IN_PROGRESS by a batch that ended in a way no error handler closed (an unexpected
 * exception): once their claim holds no contact and no update within the lease (a working batch renews its claim on
 * every attempt; an expired one was taken over by another batch, which has an entry of its own), they are closed
 * ABANDONED. Run by {@code routes/housekeeping-orphan-batches.camel.yaml} once per claim lease.
 */
@Component("orphanBatches")
public class OrphanBatches {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanBatches.class);
    static final String NOTE = "This batch stopped without finishing (an unexpected error) and its claim expired. "
            + "Its contacts and updates went back to the outbox and are sent by another batch.";

    private final SyncBatches batches;
    private final ContactOutbox contacts;
    private final UpdateOutbox updates;
    private final OutboundProperties properties;
    private final Clock clock;

    OrphanBatches(SyncBatches batches, ContactOutbox contacts, UpdateOutbox updates, OutboundProperties properties,
            Clock clock) {
        this.batches = batches;
        this.contacts = contacts;
        this.updates = updates;
        this.properties = properties;
        this.clock = clock;
    }

    /** Closes the orphaned entries; returns how many. */
    public int close() {
        Instant expiry = clock.instant().minusMillis(properties.claimLeaseMs());
        int closed = 0;
        for (Map.Entry<Long, String> e : batches.runningOutbound(expiry).entrySet()) {
            if (!contacts.holds(e.getValue(), expiry) && !updates.holds(e.getValue(), expiry)
                    && batches.abandon(e.getKey(), clock.millis(), NOTE)) {
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("Closed {} outbound batch entries whose claim expired as ABANDONED", closed);
        }
        return closed;
    }
}
