package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.inbound.InboundBatchWriter.Item;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What of a batch whose commit went unanswered is in the database, as the writer asks before writing it again: an
 * event up to its channel's stored position, an item whose own entry is closed or gone; not an event past the
 * position, an item whose entry is still running, an item that carries neither.
 */
class CommittedItemsTest extends InboundTestSupport {

    private static final String CHANNEL = "/data/CommittedItemsTestChangeEvent";

    @Autowired
    CommittedItems committed;
    @Autowired
    StreamPositionRepository positions;
    @Autowired
    SyncBatches batches;

    @AfterEach
    void forgetTheChannel() {
        jdbc.sql("delete from stream_position where channel = :c").param("c", CHANNEL).update();
    }

    @Test
    void events_up_to_the_stored_position_are_committed_and_those_after_it_are_not() {
        positions.save(CHANNEL, 20);
        Item at = event(CHANNEL, 20);
        Item after = event(CHANNEL, 21);
        Item otherChannel = event("/data/NeverAppliedChangeEvent", 5);

        assertThat(committed.notYetCommitted(List.of(event(CHANNEL, 19), at, after, otherChannel)))
                .containsExactly(after, otherChannel);
    }

    @Test
    void an_item_with_its_own_entry_is_committed_once_the_entry_is_closed_or_gone() {
        long running = batches.start(Activity.Direction.INBOUND, "RETRY", "Lead", null, System.currentTimeMillis());
        long closed = batches.start(Activity.Direction.INBOUND, "RETRY", "Lead", null, System.currentTimeMillis());
        batches.abandon(closed, System.currentTimeMillis(), "test: closed");
        long gone = batches.start(Activity.Direction.INBOUND, "RETRY", "Lead", null, System.currentTimeMillis());
        batches.close(gone, System.currentTimeMillis()); // it wrote nothing: no entry left
        Item stillRunning = retry(running);
        Item noMarker = new Item(null, null, new ImportPage(SyncedObject.LEAD, List.of(), null));

        assertThat(committed.notYetCommitted(List.of(stillRunning, retry(closed), retry(gone), noMarker)))
                .containsExactly(stillRunning, noMarker);
        batches.abandon(running, System.currentTimeMillis(), "test: done");
    }

    private static Item event(String channel, long replayId) {
        return new Item(new ChangeEvent(channel, replayId, SyncedObject.LEAD, ChangeType.UPDATE, List.of(), null, 0,
                0, "tx-" + replayId, 0, List.of(), Map.of()), InboundDecision.APPLY);
    }

    private static Item retry(long batchId) {
        return new Item(new ChangeEvent(null, -batchId, SyncedObject.LEAD, ChangeType.GAP_UPDATE, List.of(), null, 0,
                0, "retry-" + batchId, 0, List.of(), Map.of()), InboundDecision.REREAD, null, batchId);
    }
}
