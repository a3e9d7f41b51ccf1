package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Inbound re-reads (the activity page's Retry of a failed inbound record): the records are read from Salesforce
 * again by id and applied as a normal change, in their own batch ({@code kind} RETRY), through the ordered batch
 * writer, so a retry never overtakes or interleaves with the change events (see {@link InboundBatchWriter#submitRetry}).
 */
@Component
public class InboundRetries {

    private final InboundBatchWriter writer;
    private final SyncBatches batches;
    private final Clock clock;

    InboundRetries(InboundBatchWriter writer, SyncBatches batches, Clock clock) {
        this.writer = writer;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * Queues the re-read of {@code ids} (at most a few thousand: one SOQL per 200) and returns the id of its batch,
     * IN_PROGRESS until the writer commits it. The retry is a GAP_UPDATE of each record without a channel: the
     * rules, field modes and workflow triggers of a change apply; a record gone from Salesforce is handled as
     * deleted; a newer change already applied is never overwritten. Its replay id is minus the batch id (never a
     * Salesforce replay id), so its workflow triggers stay unique by object + salesforceId + replayId.
     */
    public long reread(SyncedObject object, List<String> ids) throws InterruptedException {
        long now = clock.millis();
        long batchId = batches.start(Activity.Direction.INBOUND, "RETRY", object.sfName(), null, now);
        ChangeEvent retry = new ChangeEvent(null, -batchId, object, ChangeType.GAP_UPDATE, List.copyOf(ids), null, 0,
                0, "retry-" + batchId, 0, List.of(), Map.of());
        try {
            writer.submitRetry(retry, batchId);
        } catch (InterruptedException e) {
            batches.close(batchId, clock.millis()); // never queued: no entry left
            throw e;
        }
        return batchId;
    }
}
