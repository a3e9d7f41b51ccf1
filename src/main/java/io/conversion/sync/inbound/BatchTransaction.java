package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncTimings;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.inbound.InboundBatchWriter.Item;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One database transaction of the batch writer: the data the rules write, the activity rows, the workflow triggers
 * and the stream position of each channel, and the field_state rows of the batch's records (loaded in one query,
 * written in one batched upsert), all or nothing, so a crash never applies a change without its position
 * (or the reverse).
 */
@Component
class BatchTransaction {

    private final InboundApplier applier;
    private final ActivityLog activityLog;
    private final WorkflowTriggerOutbox triggerOutbox;
    private final StreamPositionRepository positionStore;
    private final FieldStateRepository fieldStates;
    private final TransactionTemplate tx;
    private final AccountMirror accountMirror;
    private final InboundRecordRepository records;
    private final PageLookupsLoader pageLookups;
    private final ImportStatistics statistics;
    private final SyncTimings timings;

    BatchTransaction(InboundApplier applier, ActivityLog activityLog, WorkflowTriggerOutbox triggerOutbox,
            StreamPositionRepository positionStore, FieldStateRepository fieldStates, TransactionTemplate tx,
            AccountMirror accountMirror, InboundRecordRepository records, PageLookupsLoader pageLookups,
            ImportStatistics statistics, SyncTimings timings) {
        this.timings = timings;
        this.statistics = statistics;
        this.records = records;
        this.pageLookups = pageLookups;
        this.accountMirror = accountMirror;
        this.fieldStates = fieldStates;
        this.applier = applier;
        this.activityLog = activityLog;
        this.triggerOutbox = triggerOutbox;
        this.positionStore = positionStore;
        this.tx = tx;
    }

    /** Applies the items, with their activity rows, triggers and stream positions, in one transaction. */
    void apply(List<Item> items, Rereads rereads) {
        long startedAt = System.currentTimeMillis();
        tx.executeWithoutResult(status -> applyAll(items, rereads, startedAt));
        accountMirror.committed(items);
        for (Item item : items) {
            if (item.page() == null) {
                timings.inboundApplied(item.event().entity(), item.event().commitTimestamp());
            }
        }
    }

    private void applyAll(List<Item> items, Rereads rereads, long startedAt) {
        if (items.stream().anyMatch(i -> i.page() != null)) {
            statistics.customPlans();
        }
        BatchResults out = new BatchResults(new FieldStateBatch(fieldStates), new InboundRecordBatch(records));
        out.fieldStates.preload(salesforceIds(items));
        Map<String, Long> maxPerChannel = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.page() != null) {
                ImportPage page = item.page();
                // What Conversion holds for the chunk, in a few queries (loaded here, in order: it sees what the
                // batch's earlier items wrote). Counted again if the batch is retried one by one.
                out.lookups = pageLookups.load(page.object, page.records);
                page.outcomes = applier.importChunk(page.object, page.records, out);
                out.lookups = PageLookups.none();
                if (page.checkpoint != null) {
                    page.checkpoint.accept(page.outcomes); // the import's progress commits with its records
                }
                continue;
            }
            applier.apply(item.event(), item.decision(), rereads, out);
            maxPerChannel.merge(item.event().channel(), item.event().replayId(), Math::max);
        }
        out.flush();
        activityLog.recordBatch(Activity.Direction.INBOUND, kind(items), null, startedAt, out.activities);
        triggerOutbox.addAll(out.triggers);
        maxPerChannel.forEach(positionStore::save);
    }

    /** The Salesforce ids the batch's events and import pages name. */
    private static List<String> salesforceIds(List<Item> items) {
        List<String> ids = new ArrayList<>();
        for (Item item : items) {
            if (item.page() != null) {
                item.page().records.forEach(r -> ids.add((String) r.get("Id")));
            } else {
                ids.addAll(item.event().recordIds());
            }
        }
        return ids;
    }

    /** Logs the items as FAILED (retriable: the reason is in the activity log) and moves past them. */
    void fail(List<Item> items, String error) {
        long startedAt = System.currentTimeMillis();
        tx.executeWithoutResult(status -> {
            List<Activity> rows = new ArrayList<>();
            Map<String, Long> maxPerChannel = new LinkedHashMap<>();
            for (Item item : items) {
                if (item.page() != null) {
                    for (Map<String, Object> record : item.page().records) {
                        rows.add(Activity.inbound(item.page().object.sfName(), (String) record.get("Id"), Outcome.FAILED,
                                "IMPORTED", "APPLY_FAILED", error, null));
                    }
                    continue;
                }
                ChangeEvent e = item.event();
                List<String> ids = e.recordIds().isEmpty() ? Collections.singletonList(null) : e.recordIds();
                for (String id : ids) {
                    rows.add(Activity.inbound(e.entity(), id, Outcome.FAILED, e.changeType().name(),
                            "APPLY_FAILED", error, e.replayId()));
                }
                maxPerChannel.merge(e.channel(), e.replayId(), Math::max);
            }
            activityLog.recordBatch(Activity.Direction.INBOUND, kind(items), null, startedAt, rows);
            maxPerChannel.forEach(positionStore::save);
        });
    }

    /** IMPORT_PAGE for a batch of initial-import pages only, EVENTS otherwise. */
    private static String kind(List<Item> items) {
        return items.stream().allMatch(i -> i.page() != null) ? "IMPORT_PAGE" : "EVENTS";
    }
}
