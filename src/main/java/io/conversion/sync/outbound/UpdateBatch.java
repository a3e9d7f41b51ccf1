package io.conversion.sync.outbound;

import io.conversion.sync.outbound.UpdateOutbox.QueuedChange;
import io.conversion.sync.salesforce.SfUpdate;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The records one worker updates in Salesforce with one sObject Collections call (exchange property
 * {@code updateBatch}): per record its Salesforce update and the queued changes it carries.
 */
public final class UpdateBatch {

    /** One Salesforce record of the batch. */
    record Item(SyncedObject object, long targetId, SfUpdate update, List<QueuedChange> changes) {
    }

    final String claim;
    /** In request order: Salesforce answers in the same order. */
    final List<Item> items = new ArrayList<>();
    /** When the batch was loaded (its {@code sync_batch} duration runs from here). */
    final long startedAt = System.currentTimeMillis();
    /** Its {@code sync_batch} entry, written IN_PROGRESS with the claim (null for a claim made before that). */
    Long batchId;

    UpdateBatch(String claim) {
        this.claim = claim;
    }

    /** The request body: the records to update. */
    public List<SfUpdate> records() {
        return items.stream().map(Item::update).toList();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public String toString() {
        return "UpdateBatch[" + claim + ", " + items.size() + " records]";
    }
}
