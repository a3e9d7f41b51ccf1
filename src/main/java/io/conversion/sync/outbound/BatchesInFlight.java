package io.conversion.sync.outbound;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * How many batches of creates this node has with Salesforce at once.
 * <p>
 * The Salesforce producer is asynchronous: the scheduler thread that claimed a batch is free again as soon as the
 * batch's first request is on the wire, and its next poll would claim the next batch while the first one still waits
 * for its answer. Unbounded, a backlog would go out as many overlapping batches: a later batch sees the domains an
 * earlier one is still creating Accounts for as claimed (a reconciliation query, and contacts deferred to yet another
 * Collections call), and Salesforce counts every overlapping long request against the org's concurrency limit. So a
 * batch is claimed only while fewer than {@code sync.outbound.batches-in-flight} are out (default 1: one batch after
 * the other, as the call counts in the README assume), and the slot is given back when the batch's exchange ends,
 * whichever way it ends (sent, failed, waiting). A crash loses nothing here: the claims themselves are in the database.
 */
final class BatchesInFlight {

    private final int max;
    private final AtomicInteger running = new AtomicInteger();

    BatchesInFlight(int max) {
        this.max = Math.max(1, max);
    }

    /** Whether another batch may be claimed now. */
    boolean available() {
        return running.get() < max;
    }

    /** Counts a claimed batch until its exchange is done. */
    void started(Exchange exchange) {
        running.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.decrementAndGet();
            }
        });
    }

    int running() {
        return running.get();
    }
}
