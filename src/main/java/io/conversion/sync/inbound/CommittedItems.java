package io.conversion.sync.inbound;

import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.inbound.InboundBatchWriter.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a batch whose commit went unanswered did commit. The connection can drop after the database committed and
 * before its answer arrived (a network cut, a proxy, a failover): the writer sees an outage, and writing the batch
 * again as it was would apply its changes twice (twice the activity rows, twice the workflow triggers). So before it
 * writes a batch again, the writer asks what of it is in the database already: an event of a channel is when the
 * stored position reached it, an import chunk or a retry when its own entry is closed (both are written in the
 * batch's transaction). An item that carries neither is written again: the import rules find it up to date.
 */
@Component
class CommittedItems {

    private final StreamPositionRepository positions;
    private final SyncBatches batches;

    CommittedItems(StreamPositionRepository positions, SyncBatches batches) {
        this.positions = positions;
        this.batches = batches;
    }

    /** The items not committed yet, in their order (read from the database, which must answer). */
    List<Item> notYetCommitted(List<Item> items) {
        Map<String, Long> stored = positions.all();
        List<Item> todo = new ArrayList<>(items.size());
        for (Item item : items) {
            if (!committed(item, stored)) {
                todo.add(item);
            }
        }
        return todo;
    }

    private boolean committed(Item item, Map<String, Long> stored) {
        if (item.onChannel()) {
            Long at = stored.get(item.event().channel());
            return at != null && item.event().replayId() <= at;
        }
        Long own = item.ownBatch();
        return own != null && batches.get(own).map(b -> !"IN_PROGRESS".equals(b.status())).orElse(true);
    }
}
