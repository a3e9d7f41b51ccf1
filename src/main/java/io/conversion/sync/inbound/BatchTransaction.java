package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncBatches;
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
 * (or the reverse). An import chunk or a retry that has an entry of its own (written IN_PROGRESS when it was
 * queued) gets its rows in that entry, closed in this transaction; the other items share one entry.
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
    private final SyncBatches batches;
    /** Runs after each commit: tests lose the commit's answer here (see {@link CommittedItems}). */
    private volatile Runnable commitHook = () -> { };

    BatchTransaction(InboundApplier applier, ActivityLog activityLog, WorkflowTriggerOutbox triggerOutbox,
            StreamPositionRepository positionStore, FieldStateRepository fieldStates, TransactionTemplate tx,
            AccountMirror accountMirror, InboundRecordRepository records, PageLookupsLoader pageLookups,
            ImportStatistics statistics, SyncTimings timings, SyncBatches batches) {
        this.batches = batches;
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
        commitHook.run();
        accountMirror.committed(items);
        for (Item item : items) {
            if (item.onChannel()) {
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
        Map<Item, int[]> ownRows = new LinkedHashMap<>(); // item → [first, end) of its rows in out.activities
        for (Item item : items) {
            int first = out.activities.size();
            applyItem(item, rereads, out, maxPerChannel);
            if (item.ownBatch() != null) {
                ownRows.put(item, new int[] {first, out.activities.size()});
            }
        }
        out.flush();
        recordBatches(items, out.activities, ownRows, startedAt);
        triggerOutbox.addAll(out.triggers);
        maxPerChannel.forEach(positionStore::save);
    }

    /**
     * The rows of items with an entry of their own go there (and close it); the rest form one entry of the
     * writer's batch, as before.
     */
    private void recordBatches(List<Item> items, List<Activity> rows, Map<Item, int[]> ownRows, long startedAt) {
        List<Activity> shared = new ArrayList<>(rows.size());
        int next = 0;
        for (Map.Entry<Item, int[]> own : ownRows.entrySet()) {
            int[] range = own.getValue();
            shared.addAll(rows.subList(next, range[0]));
            next = range[1];
            Item item = own.getKey();
            Long id = activityLog.recordBatch(Activity.Direction.INBOUND, item.page() != null ? "IMPORT_PAGE"
                    : "RETRY", item.ownBatch(), startedAt, rows.subList(range[0], range[1]));
            batches.close(id, System.currentTimeMillis());
        }
        shared.addAll(rows.subList(next, rows.size()));
        List<Item> others = items.stream().filter(i -> i.ownBatch() == null).toList();
        activityLog.recordBatch(Activity.Direction.INBOUND, others.isEmpty() ? kind(items) : kind(others), null,
                startedAt, shared);
    }

    private void applyItem(Item item, Rereads rereads, BatchResults out, Map<String, Long> maxPerChannel) {
        if (item.page() != null && item.page().overflow != null) {
            item.page().outcomes = applier.overflowPage(item.page().overflow, item.page().records, out);
            return;
        }
        if (item.page() != null) {
            ImportPage page = item.page();
            // What Conversion holds for the chunk, in a few queries (loaded here, in order: it sees what the
            // batch's earlier items wrote). Counted again if the batch is retried one by one.
            out.lookups = pageLookups.load(page.object, page.records);
            // The field_state rows of the chunk's records Conversion holds (none for what the import creates).
            out.fieldStates.preload(page.records.stream().map(r -> (String) r.get("Id"))
                    .filter(id -> !out.lookups.absentId(id)).toList());
            page.outcomes = applier.importChunk(page.object, page.records, out);
            out.lookups = PageLookups.none();
            if (page.checkpoint != null) {
                page.checkpoint.accept(page.outcomes); // the import's progress commits with its records
            }
            return;
        }
        applier.apply(item.event(), item.decision(), rereads, out);
        if (item.onChannel()) {
            maxPerChannel.merge(item.event().channel(), item.event().replayId(), Math::max);
        }
    }

    /**
     * The Salesforce ids the batch's events and overflow re-read pages name. An initial-import chunk loads its own
     * rows once its lookups tell which of its records Conversion holds: joining a thousand ids three ways for records
     * that mostly do not exist yet took a third of an import's time on PostgreSQL.
     */
    private static List<String> salesforceIds(List<Item> items) {
        List<String> ids = new ArrayList<>();
        for (Item item : items) {
            if (item.page() != null && item.page().overflow == null) {
                continue;
            }
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
            Map<Item, int[]> ownRows = new LinkedHashMap<>();
            for (Item item : items) {
                int first = rows.size();
                failItem(item, error, rows, maxPerChannel);
                if (item.ownBatch() != null) {
                    ownRows.put(item, new int[] {first, rows.size()});
                }
            }
            recordBatches(items, rows, ownRows, startedAt);
            maxPerChannel.forEach(positionStore::save);
        });
        commitHook.run();
    }

    /** Tests: runs after each commit (e.g. throws the connection failure of a commit whose answer was lost). */
    void commitHook(Runnable hook) {
        this.commitHook = hook;
    }

    private static void failItem(Item item, String error, List<Activity> rows, Map<String, Long> maxPerChannel) {
        if (item.page() != null) {
            for (Map<String, Object> record : item.page().records) {
                ChangeEvent overflow = item.page().overflow;
                rows.add(Activity.inbound(item.page().object.sfName(), (String) record.get("Id"), Outcome.FAILED,
                        overflow == null ? "IMPORTED" : overflow.changeType().name(), "APPLY_FAILED", error,
                        overflow == null ? null : overflow.replayId()));
            }
            return;
        }
        ChangeEvent e = item.event();
        List<String> ids = e.recordIds().isEmpty() ? Collections.singletonList(null) : e.recordIds();
        for (String id : ids) {
            rows.add(Activity.inbound(e.entity(), id, Outcome.FAILED, e.changeType().name(),
                    "APPLY_FAILED", error, e.replayId()));
        }
        if (item.onChannel()) {
            maxPerChannel.merge(e.channel(), e.replayId(), Math::max);
        }
    }

    /** IMPORT_PAGE for a batch of initial-import pages only, EVENTS otherwise (overflow re-read pages included). */
    private static String kind(List<Item> items) {
        return items.stream().allMatch(i -> i.page() != null && i.page().overflow == null) ? "IMPORT_PAGE" : "EVENTS";
    }
}
