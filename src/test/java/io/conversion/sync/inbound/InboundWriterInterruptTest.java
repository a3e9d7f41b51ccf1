package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.salesforce.SyncedObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A producer interrupted while the writer's queue is full (an initial import stopped while the writer is behind, as
 * happens on a slower database) hands nothing over and leaves no trace: the writer becomes idle once it has applied
 * what was really queued. Otherwise every later stop of an inbound route waits for an item that never comes.
 */
class InboundWriterInterruptTest extends InboundTestSupport {

    @Autowired
    Rereader rereader;
    @Autowired
    BatchTransaction transaction;
    @Autowired
    CommittedItems committed;
    @Autowired
    StreamPositionRepository positions;

    @Test
    void a_submit_interrupted_on_a_full_queue_is_not_left_pending() throws Exception {
        // A second writer of this context's parts, with room for one item and not yet started (so the queue stays full).
        InboundBatchWriter small = new InboundBatchWriter(rereader, transaction, committed, positions,
                new InboundProperties(1, 10, null, null, 0, null, null));
        ImportPage queued = small.submitImport(SyncedObject.LEAD, List.of());
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                small.submitImport(SyncedObject.LEAD, List.of());
                outcome.set(new AssertionError("handed over although the queue was full"));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        producer.start();
        while (producer.getState() != Thread.State.WAITING) {
            Thread.sleep(5); // blocked on the full queue
        }
        producer.interrupt();
        producer.join(5_000);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);

        small.start();
        try {
            queued.done.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(small.awaitIdle(Duration.ofSeconds(5).toMillis())).as("idle after the real item").isTrue();
        } finally {
            small.stop();
        }
    }
}
