package io.conversion.sync.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * When the waiting contacts (or updates) form a batch worth sending: a window that adapts to the arrival rate.
 * <p>
 * Waiting only pays when it saves a Salesforce call, that is when the batch will fill before the max wait would force
 * it out anyway. So a partial batch leaves:
 * <ul>
 * <li>at once when arrivals are sparse: at the rate seen in the backlog (its size over the age of its oldest) the
 * batch would not fill within max-wait-ms; at idle a contact leaves on the next poll instead of after the window;</li>
 * <li>when no contact arrived for flush-after-ms (a burst has ended), or the oldest waited max-wait-ms;</li>
 * <li>and a full batch always: in a burst (its messages still queued upstream, or a high rate) the batch fills and
 * leaves with 200 records (1,000 contacts in 5 Collections calls).</li>
 * </ul>
 * Stateless (reads only the backlog in the database), so every worker and node decides alike.
 */
@Component
public class BatchWindow {

    private final int batchSize;
    private final long flushAfterMs;
    private final long maxWaitMs;

    @Autowired
    BatchWindow(OutboundProperties properties) {
        this(properties.batchSize(), properties.flushAfterMs(), properties.maxWaitMs());
    }

    BatchWindow(int batchSize, long flushAfterMs, long maxWaitMs) {
        this.batchSize = batchSize;
        this.flushAfterMs = flushAfterMs;
        this.maxWaitMs = maxWaitMs;
    }

    /**
     * Whether {@code count} waiting items, the oldest waiting since {@code oldest} and the newest since {@code newest},
     * should leave now. {@code slowed}: the API budget is near its reserve, so only full batches or those that waited
     * {@code maxWaitMs × slowFactor} leave (fewer, fuller calls). {@code moreWaitingUpstream}: messages still
     * queued before the outbox (a burst being stored), asked only when a partial batch is considered.
     */
    public boolean due(long count, Instant oldest, Instant newest, Instant now, int slowFactor,
            BooleanSupplier moreWaitingUpstream) {
        if (count <= 0) {
            return false;
        }
        if (count >= batchSize || oldest == null || newest == null) {
            return true;
        }
        long waited = Math.max(0, Duration.between(oldest, now).toMillis());
        long maxWait = maxWaitMs * Math.max(1, slowFactor);
        if (waited >= maxWait) {
            return true;
        }
        if (slowFactor > 1) {
            return false;
        }
        if (moreWaitingUpstream.getAsBoolean()) {
            return false; // a burst: its next contacts are already queued, the batch fills
        }
        if (!newest.plusMillis(flushAfterMs).isAfter(now)) {
            return true; // quiet: nothing more is coming for now
        }
        // Arrival rate as seen in the backlog; at least 1 ms of age so a contact that just arrived counts as fast.
        double perMs = (double) count / Math.max(1, waited);
        double fillMs = (batchSize - count) / perMs;
        return waited + fillMs > maxWait;
    }

    public boolean due(long count, Instant oldest, Instant newest, Instant now, int slowFactor) {
        return due(count, oldest, newest, now, slowFactor, () -> false);
    }

    public boolean due(long count, Instant oldest, Instant newest, Instant now) {
        return due(count, oldest, newest, now, 1);
    }
}
