package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One chunk of the initial import (up to {@code sync.inbound.import.chunk-size} records of one object, from a SOQL
 * page or a Bulk results page). Applied by the batch writer's
 * thread in queue order with the change events, so it never overtakes or interleaves with them; {@link #done}
 * completes with the outcome counts once the page is committed.
 */
final class ImportPage {

    final SyncedObject object;
    final List<Map<String, Object>> records;
    final CompletableFuture<Map<String, Long>> done = new CompletableFuture<>();
    /** Runs in the chunk's transaction with its outcomes: the import's checkpoint (null: none). */
    final Consumer<Map<String, Long>> checkpoint;
    /** Not an import chunk but a page of a GAP_OVERFLOW re-read ({@link OverflowRereads}): applied as that change. */
    final ChangeEvent overflow;
    /** Its own {@code sync_batch} entry, written IN_PROGRESS when it is queued (null: part of the writer's batch). */
    Long batchId;
    /** Counted again if the batch is retried one by one. */
    Map<String, Long> outcomes = new LinkedHashMap<>();

    ImportPage(SyncedObject object, List<Map<String, Object>> records, Consumer<Map<String, Long>> checkpoint) {
        this(object, records, checkpoint, null);
    }

    private ImportPage(SyncedObject object, List<Map<String, Object>> records, Consumer<Map<String, Long>> checkpoint,
            ChangeEvent overflow) {
        this.object = object;
        this.records = records;
        this.checkpoint = checkpoint;
        this.overflow = overflow;
    }

    /** One page of the records a GAP_OVERFLOW event stands for. */
    static ImportPage overflow(ChangeEvent overflow, List<Map<String, Object>> records) {
        return new ImportPage(overflow.object(), records, null, overflow);
    }
}
