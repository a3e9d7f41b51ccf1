package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One page of the initial import (up to 2,000 records of one object, as read by SOQL). Applied by the batch writer's
 * thread in queue order with the change events, so it never overtakes or interleaves with them; {@link #done}
 * completes with the outcome counts once the page is committed.
 */
final class ImportPage {

    final SyncedObject object;
    final List<Map<String, Object>> records;
    final CompletableFuture<Map<String, Long>> done = new CompletableFuture<>();
    /** Counted again if the batch is retried one by one. */
    Map<String, Long> outcomes = new LinkedHashMap<>();

    ImportPage(SyncedObject object, List<Map<String, Object>> records) {
        this.object = object;
        this.records = records;
    }
}
