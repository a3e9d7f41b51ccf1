package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.SyncBatches;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the batch writer runs: the inbound entries left IN_PROGRESS by the last run (import chunks and
 * retries queued when the service stopped, or killed in their transaction) are closed ABANDONED. Nothing of theirs
 * committed (their rows close in the transaction of their records): the import continues from its checkpoint and
 * reads them again, a retry is simply asked again. One instance per org (README "Running in production"), so every
 * running inbound entry is this instance's.
 */
@Component
class InterruptedInboundBatches implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedInboundBatches.class);
    static final String NOTE = "The service stopped before this batch was applied. An import chunk is read again "
            + "when the import continues; a retry can be asked again.";

    private final SyncBatches batches;
    private final Clock clock;

    InterruptedInboundBatches(SyncBatches batches, Clock clock) {
        this.batches = batches;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        close();
    }

    int close() {
        int n = batches.abandon(Activity.Direction.INBOUND, null, clock.millis(), NOTE);
        if (n > 0) {
            LOG.info("Closed {} inbound batches left running by the last run as ABANDONED", n);
        }
        return n;
    }
}
