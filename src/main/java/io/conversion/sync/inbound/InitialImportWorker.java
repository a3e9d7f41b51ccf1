package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.inbound.InitialImportRun.ObjectProgress;
import io.conversion.sync.inbound.InitialImportRun.ObjectProgress.Mode;
import io.conversion.sync.inbound.InitialImportRun.State;
import io.conversion.sync.inbound.SalesforceReader.Page;
import io.conversion.sync.settings.SyncSettingsService;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Imports one object: reads the first SOQL page (it tells the total), goes on by SOQL paging when the object has
 * fewer than {@code sync.inbound.import.bulk-threshold} records, else reads them by a Bulk API 2.0 query job, and hands them to the ordered
 * batch writer in chunks, a few ahead of the one being committed. Each chunk carries its checkpoint (where the next
 * chunk starts, the counts), committed with the chunk's records: a resumed Bulk import starts at the stored page
 * and skips the records of that page already applied, so nothing is applied twice. A resumed SOQL import (a small
 * object) starts again from the first page; what it applied is recognised as UP_TO_DATE.
 * (Over 250 lines: the SOQL and Bulk read paths share one checkpointed chunk loop and its waits; split, they would
 * drift apart.)
 */
@Component
class InitialImportWorker {

    private static final Logger LOG = LoggerFactory.getLogger(InitialImportWorker.class);
    private static final int JOB_RESTARTS = 3;

    private final SalesforceReader salesforce;
    private final BulkQueryReader bulk;
    private final InboundBatchWriter writer;
    private final SyncSettingsService settings;
    private final InitialImportStateRepository states;
    private final InitialImportProperties properties;
    private final ImportStatistics statistics;
    private final ApiBudget budget;
    private final SyncBatches batches;

    InitialImportWorker(SalesforceReader salesforce, BulkQueryReader bulk, InboundBatchWriter writer,
            SyncSettingsService settings, InitialImportStateRepository states, InitialImportProperties properties,
            ApiBudget budget, ImportStatistics statistics, SyncBatches batches) {
        this.batches = batches;
        this.budget = budget;
        this.statistics = statistics;
        this.salesforce = salesforce;
        this.bulk = bulk;
        this.writer = writer;
        this.settings = settings;
        this.states = states;
        this.properties = properties;
    }

    /** Where an object's import continues: the stored page locator and records of it applied (fresh: null, 0). */
    record Resume(String pageLocator, long pageOffset) {
        static final Resume FRESH = new Resume(null, 0);
    }

    /** Imports the object; its state ends DONE, FAILED or SKIPPED (stored), unless the thread is interrupted. */
    void importObject(ObjectProgress p, Resume from) throws InterruptedException {
        if (!settings.inboundEnabled(p.object)) {
            p.state = State.SKIPPED;
            p.error = "Inbound sync of " + p.object + " is off";
            states.saveState(p);
            return;
        }
        p.state = State.RUNNING;
        p.startedAt = p.startedAt == null ? Instant.now() : p.startedAt;
        try {
            Page first = null;
            if (p.mode != Mode.BULK) {
                // The first SOQL page tells the total: a small object goes on with it (no extra call), a large one
                // is read by a Bulk job instead.
                awaitBudget(p);
                first = salesforce.firstPageOfAll(p.object);
                p.totalSize = first.totalSize();
                p.mode = p.totalSize >= properties.bulkThreshold() ? Mode.BULK : Mode.REST;
            }
            states.saveState(p);
            if (p.mode == Mode.BULK) {
                importByBulk(p, from);
            } else {
                importBySoql(p, first);
            }
            p.state = State.DONE;
            p.finishedAt = Instant.now();
            p.syncedAt = p.finishedAt;
        } catch (InterruptedException e) {
            throw e; // stays RUNNING in the database: continued on the next start
        } catch (Exception e) {
            LOG.warn("Initial import of {} failed", p.object, e);
            p.state = State.FAILED;
            p.error = String.valueOf(e instanceof ExecutionException ? e.getCause() : e);
            p.finishedAt = Instant.now();
        }
        states.saveState(p);
    }

    private void importBySoql(ObjectProgress p, Page first) throws Exception {
        Chunks chunks = new Chunks(p);
        Page page = first;
        while (true) {
            List<Map<String, Object>> records = page.records();
            if (records.isEmpty()) {
                p.pages++;
            }
            for (int i = 0; i < records.size(); i += properties.chunkSize()) {
                int end = Math.min(records.size(), i + properties.chunkSize());
                chunks.submit(records.subList(i, end), null, 0, end == records.size());
            }
            if (page.nextRecordsUrl() == null) {
                break;
            }
            awaitBudget(p);
            page = salesforce.nextPage(page.nextRecordsUrl());
        }
        chunks.awaitAll();
    }

    private void importByBulk(ObjectProgress p, Resume from) throws Exception {
        Chunks chunks = new Chunks(p);
        String locator = from.pageLocator();
        long skip = from.pageOffset();
        for (int restarts = 0; ; restarts++) {
            if (p.jobId == null) {
                p.jobId = withinBudget(p, () -> bulk.createJob(p.object));
                states.restartJob(p.object, p.jobId);
                states.saveState(p);
                LOG.info("Initial import of {}: {} records, Bulk query job {}", p.object, p.totalSize, p.jobId);
            }
            try {
                String jobId = p.jobId;
                withinBudget(p, () -> {
                    bulk.awaitComplete(jobId);
                    return null;
                });
                do {
                    String at = locator;
                    long alreadyApplied = skip;
                    // A page refused for the limit delivered no record: the same page is asked again.
                    locator = withinBudget(p, () -> bulk.page(jobId, at,
                            (csv, next) -> chunks.page(csv, at, alreadyApplied, next)));
                    skip = 0;
                } while (locator != null);
                chunks.awaitAll();
                return;
            } catch (BulkQueryReader.JobGoneException e) {
                if (restarts >= JOB_RESTARTS) {
                    throw e;
                }
                // Results expired (7 days) or deleted: read the object again; what was applied is UP_TO_DATE.
                LOG.warn("{}; creating the job for {} again", e.getMessage(), p.object);
                chunks.awaitAll();
                p.jobId = null;
                locator = null;
                skip = 0;
            }
        }
    }

    /**
     * The import is deferrable work: near the API reserve it waits before its next Salesforce call (the reason in
     * its progress, {@code waitingFor}) and goes on by itself as the allowance recovers.
     */
    private void awaitBudget(ObjectProgress p) throws InterruptedException {
        budget.awaitDeferrable(reason -> p.waitingFor = reason);
    }

    /** A Bulk API call that waits for the allowance first and, refused with REQUEST_LIMIT_EXCEEDED, waits again. */
    private <T> T withinBudget(ObjectProgress p, Callable<T> call) throws Exception {
        while (true) {
            awaitBudget(p);
            try {
                return call.call();
            } catch (Exception e) {
                if (!ApiBudget.isLimitExceeded(e)) {
                    throw e;
                }
                budget.limitExceeded();
            }
        }
    }

    /** The chunks of one object handed to the writer, at most chunks-in-flight of them not yet committed. */
    private final class Chunks {
        private final ObjectProgress p;
        private final Deque<ImportPage> inFlight = new ArrayDeque<>();

        Chunks(ObjectProgress p) {
            this.p = p;
        }

        /** One Bulk results page: skips the records applied before a restart, submits the rest in chunks. */
        void page(BulkCsvReader csv, String locator, long alreadyApplied, String nextLocator)
                throws InterruptedException {
            for (long i = 0; i < alreadyApplied && csv.next() != null; i++) {
                // applied before the restart: read past, not applied again
            }
            long offset = alreadyApplied;
            List<Map<String, Object>> chunk = new ArrayList<>(properties.chunkSize());
            Map<String, Object> record = csv.next();
            while (record != null) {
                chunk.add(record);
                record = csv.next();
                if (chunk.size() == properties.chunkSize() || record == null) {
                    offset += chunk.size();
                    boolean last = record == null;
                    submit(chunk, last ? nextLocator : locator, last ? 0 : offset, last);
                    chunk = new ArrayList<>(properties.chunkSize());
                }
            }
            if (offset == alreadyApplied) {
                submit(List.of(), nextLocator, 0, true); // an empty page: only its checkpoint
            }
        }

        void submit(List<Map<String, Object>> records, String nextLocator, long nextOffset, boolean pageDone)
                throws InterruptedException {
            if (!settings.inboundEnabled(p.object)) {
                // Switched off during the import: stop; what was imported stays (like a paused object's data).
                throw new IllegalStateException("Inbound sync of " + p.object + " was switched off");
            }
            long read = records.size();
            ImportPage page = new ImportPage(p.object, records, outcomes -> states.checkpoint(
                    p.object, nextLocator, nextOffset, pageDone, read, outcomes));
            if (!records.isEmpty()) {
                // Its entry shows IN_PROGRESS from now (queued behind the events) until its transaction closes it.
                page.batchId = batches.start(Activity.Direction.INBOUND, "IMPORT_PAGE", p.object.sfName(), null,
                        System.currentTimeMillis());
            }
            try {
                inFlight.add(writer.submitImport(page));
            } catch (InterruptedException e) {
                batches.close(page.batchId, System.currentTimeMillis()); // never queued: no entry left
                throw e;
            }
            if (pageDone) {
                p.pages++;
            }
            if (inFlight.size() >= properties.chunksInFlight()) {
                awaitOldest();
            }
        }

        void awaitAll() throws InterruptedException {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void awaitOldest() throws InterruptedException {
            ImportPage page = inFlight.poll();
            Map<String, Long> outcomes;
            while (true) {
                try {
                    outcomes = page.done.get(10, TimeUnit.MINUTES);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (budget.deferrableWaitReason() == null) {
                        throw new IllegalStateException("Import chunk of " + p.object + " not applied in time", e);
                    }
                    // The writer waits for the API allowance (a re-read ahead of this chunk): so does the import.
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Import chunk of " + p.object + " not applied: " + e.getMessage(),
                            e);
                }
            }
            p.read += page.records.size();
            statistics.applied(page.records.size());
            outcomes.forEach((outcome, n) -> {
                if ("IMPORTED".equals(outcome)) {
                    p.applied += n;
                } else {
                    p.skipped.merge(outcome, n, Long::sum);
                }
            });
        }
    }
}
