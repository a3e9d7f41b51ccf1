package io.conversion.sync.inbound;

import io.conversion.sync.database.DatabaseOutage;
import io.conversion.sync.salesforce.SalesforceStatus;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single, ordered writer of inbound changes. The streaming routes hand every decided event to
 * {@link #submit}; one thread drains the bounded queue and applies whatever has accumulated (up to
 * {@code sync.inbound.max-batch-size}) in ONE transaction ({@link BatchTransaction}): data, activity rows,
 * workflow-trigger outbox rows and the channel's stream position. An event at or below the stored position of its channel was already applied
 * (re-delivery after a restart, or the same event dispatched twice) and is dropped, so each applies exactly once.
 * A full queue blocks the streaming thread: back-pressure instead of unbounded memory. (Slightly over 250 lines:
 * the queue, its thread and lifecycle, the redelivery filter and the one-by-one fallback are one mechanism.)
 */
@Component("inboundBatchWriter")
public class InboundBatchWriter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(InboundBatchWriter.class);

    /**
     * A change event with its decision, or (event null) one page of the initial import. {@code retryBatch}: a retry
     * (failed records read again, {@link #submitRetry}) with its own {@code sync_batch} entry.
     */
    record Item(ChangeEvent event, InboundDecision decision, ImportPage page, Long retryBatch) {

        Item(ChangeEvent event, InboundDecision decision) {
            this(event, decision, null, null);
        }

        Item(ChangeEvent event, InboundDecision decision, ImportPage page) {
            this(event, decision, page, null);
        }

        /** The entry this item's records go to on their own (an import chunk's, a retry's), else null. */
        Long ownBatch() {
            return page != null ? page.batchId : retryBatch;
        }

        /** A change event of a streaming channel (not an import page, not a retry): it moves the channel's position. */
        boolean onChannel() {
            return event != null && event.channel() != null;
        }
    }

    private final Rereader rereader;
    private final BatchTransaction transaction;
    private final CommittedItems committed;
    private final InboundProperties properties;
    private final BlockingQueue<Item> queue;
    /** Committed position per channel (mirror of stream_position). */
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicInteger writerRestarts = new AtomicInteger();
    /** The batch being written; owned by the writer thread, kept for the next one when it dies. */
    private final List<Item> batch;
    private volatile boolean running;
    private volatile Thread thread;
    /** Why the writer thread died, until a batch went through again (null: working). */
    private volatile String writerFailure;
    /** Runs before every batch: tests make the writer thread die here. */
    private volatile Runnable writeHook = () -> { };

    InboundBatchWriter(Rereader rereader, BatchTransaction transaction, CommittedItems committed,
            StreamPositionRepository positionStore, InboundProperties properties) {
        this.committed = committed;
        this.rereader = rereader;
        this.transaction = transaction;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.batch = new ArrayList<>(properties.maxBatchSize());
        this.positions.putAll(positionStore.all());
    }

    /** Called by the inbound routes, on the streaming thread. Blocks while the queue is full. */
    public void submit(ChangeEvent event, InboundDecision decision) throws InterruptedException {
        enqueue(new Item(event, decision));
    }

    /**
     * Failed records read again (the activity page's Retry, {@code POST /api/inbound/records/...}): queued behind the
     * change events submitted so far and applied as a gap change of each record (read from Salesforce by id, the
     * rules, field modes and workflow triggers of a change), with their rows in the retry's own entry
     * {@code batchId}. Not on a channel: no position moves.
     */
    void submitRetry(ChangeEvent retry, long batchId) throws InterruptedException {
        enqueue(new Item(retry, InboundDecision.REREAD, null, batchId));
    }

    /**
     * Called by the initial import: queues one page behind the change events submitted so far (blocks while the
     * queue is full). The page is applied in the writer's order; wait on {@link ImportPage#done}.
     */
    ImportPage submitImport(SyncedObject object, List<Map<String, Object>> records) throws InterruptedException {
        return submitImport(new ImportPage(object, records, null));
    }

    /** As above, for a chunk with its checkpoint (run in the chunk's transaction). */
    ImportPage submitImport(ImportPage page) throws InterruptedException {
        enqueue(new Item(null, null, page));
        return page;
    }

    /**
     * Counted as pending before it is queued (so {@link #awaitIdle} never misses it), and uncounted when the caller
     * is interrupted while the queue is full: a stopped import must not leave the writer looking busy for ever.
     */
    private void enqueue(Item item) throws InterruptedException {
        pending.incrementAndGet();
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            pending.decrementAndGet();
            throw e;
        }
    }

    /** Last applied replay id of a channel, if any event of it was ever applied. */
    public Optional<Long> position(String channel) {
        return Optional.ofNullable(positions.get(channel));
    }

    /** Waits until every submitted event is committed (or the timeout passes); true when idle. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (pending.get() > 0) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    public long appliedEvents() {
        return applied.get();
    }

    /** Database transactions the writer committed (a burst of N events takes far fewer than N). */
    public long transactions() {
        return transactions.get();
    }

    public long droppedDuplicates() {
        return duplicates.get();
    }

    public int queued() {
        return queue.size();
    }

    /** Why the writer thread died, while it has not written a batch since (null: it works). */
    String writerFailure() {
        return writerFailure;
    }

    /** How often the writer thread died and was replaced. */
    int writerRestarts() {
        return writerRestarts.get();
    }

    /** Tests: runs on the writer thread before each batch (e.g. throws an Error to make the thread die). */
    void writeHook(Runnable hook) {
        this.writeHook = hook;
    }

    // ---- the writer thread ----

    /**
     * The writer thread. An Error (e.g. OutOfMemoryError) would end it silently and every later event would queue
     * for ever: instead the thread reports it ({@link #writerFailure}, health DOWN), keeps the batch it was writing
     * and a new thread takes over after a backoff, writing that batch again first. Its events that were committed
     * before the Error are dropped then as redeliveries, so nothing is lost, reordered or applied twice.
     */
    private void run() {
        try {
            drain();
        } catch (Error fatal) {
            int n = writerRestarts.incrementAndGet();
            long delay = Math.min(properties.restartMaxBackoff().toMillis(),
                    properties.restartBackoff().toMillis() << Math.min(n - 1, 16));
            writerFailure = fatal.getClass().getName() + ": " + fatal.getMessage();
            LOG.error("Inbound batch writer thread died; its batch of {} is kept and a new thread writes it in {} ms "
                    + "(restart {})", batch.size(), delay, n, fatal);
            if (running) {
                Thread next = new Thread(() -> {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        return;
                    }
                    run();
                }, "inbound-batch-writer");
                next.setDaemon(true);
                thread = next;
                next.start();
            }
        }
    }

    private void drain() {
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            boolean keep = false;
            try {
                if (batch.isEmpty()) {
                    Item first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    // No linger: whatever piled up while the previous batch committed forms the next batch, so an
                    // idle service applies an event at once and a burst is applied in large transactions.
                    queue.drainTo(batch, properties.maxBatchSize() - 1);
                }
                writeHook.run();
                write(batch);
                writerFailure = null; // a batch went through: the writer works (again)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Inbound batch writer failed; the events stay unapplied and are replayed on restart", e);
            } catch (Error fatal) {
                keep = true; // written again by the next thread
                throw fatal;
            } finally {
                if (!keep) {
                    settle();
                }
            }
        }
    }

    /** The batch is done (applied, logged FAILED, or left for the replay): its import pages are answered. */
    private void settle() {
        for (Item item : batch) {
            if (item.page() != null && !item.page().done.isDone()) {
                item.page().done.completeExceptionally(new IllegalStateException("Import page not applied"));
            }
        }
        pending.addAndGet(-batch.size());
        batch.clear();
    }

    void write(List<Item> batch) throws InterruptedException {
        List<Item> fresh = withoutRedeliveries(batch);
        if (fresh.isEmpty()) {
            return;
        }
        Rereads rereads;
        try {
            rereads = rereader.read(fresh);
        } catch (RuntimeException e) {
            if (SalesforceStatus.isUnavailable(e)) {
                writeAsSalesforceAnswers(fresh, e);
                return;
            }
            LOG.error("Could not read records from Salesforce after {} attempts", properties.rereadAttempts(), e);
            if (untilCommitted("recording " + fresh.size() + " failed inbound changes", fresh,
                    todo -> transaction.fail(todo, "Re-read from Salesforce failed: " + e.getMessage()))) {
                failed(fresh);
            }
            return;
        }
        try {
            // The database not answering is no reason to give up on a batch: it waits, and nothing after it
            // is committed meanwhile (the queue fills and holds the stream back), so no position passes it.
            if (!untilCommitted("a batch of " + fresh.size() + " inbound changes", fresh,
                    todo -> transaction.apply(todo, rereads))) {
                return;
            }
            transactions.incrementAndGet();
            commitPositions(fresh);
            completeImports(fresh);
        } catch (RuntimeException e) {
            // One bad event must not hold back the others: apply them one by one, each in its own transaction.
            LOG.warn("Batch of {} failed ({}); applying its events one by one", fresh.size(), e.getMessage());
            for (Item item : fresh) {
                if (!applyOne(item, rereads)) {
                    return;
                }
            }
        }
    }

    /** One item in its own transaction; a failure of its own is logged FAILED. False when the service stopped. */
    private boolean applyOne(Item item, Rereads rereads) throws InterruptedException {
        try {
            if (!untilCommitted("an inbound change", List.of(item), todo -> transaction.apply(todo, rereads))) {
                return false;
            }
            commitPositions(List.of(item));
            completeImports(List.of(item));
        } catch (RuntimeException single) {
            LOG.warn("Inbound change failed: {}", item.page() != null
                    ? "initial import page of " + item.page().object : item.event(), single);
            failOne(item, String.valueOf(single.getMessage()));
        }
        return true;
    }

    /**
     * Salesforce cannot answer a re-read (503, unreachable) even after the query route's retries: that is no reason
     * to fail the batch's events. They are applied one by one, in order: those that need no read (creates,
     * updates of records we hold) at once, and the first that needs one waits, asked again with backoff until
     * Salesforce answers. Nothing after it is committed meanwhile (the queue fills and holds the stream back), so no
     * position passes an unapplied event.
     */
    private void writeAsSalesforceAnswers(List<Item> fresh, RuntimeException first) throws InterruptedException {
        LOG.warn("Salesforce unavailable for a re-read ({}): the batch of {} is applied one by one, each re-read "
                + "asked again until Salesforce answers", first.getMessage(), fresh.size());
        for (Item item : fresh) {
            Rereads rereads;
            try {
                rereads = untilSalesforceAnswers(item);
            } catch (RuntimeException refused) {
                failOne(item, "Re-read from Salesforce failed: " + refused.getMessage());
                continue;
            }
            if (rereads == null || !applyOne(item, rereads)) {
                return;
            }
        }
    }

    /** The item's re-reads, asked again (1 s doubling to 15 s) while Salesforce is unavailable; null on stop. */
    private Rereads untilSalesforceAnswers(Item item) throws InterruptedException {
        long wait = 1_000;
        while (true) {
            try {
                return rereader.read(List.of(item));
            } catch (RuntimeException e) {
                if (!SalesforceStatus.isUnavailable(e)) {
                    throw e;
                }
                if (!running) {
                    return null; // unapplied, replayed from its position on the next start
                }
                LOG.debug("Re-read of {} still unavailable ({}); asked again in {} ms", item.event(), e.getMessage(),
                        wait);
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 15_000);
            }
        }
    }

    /**
     * Writes the items in one transaction, waiting while the database does not answer. A failed attempt may have
     * committed all the same (its answer lost), so each later attempt writes only what {@link CommittedItems} does
     * not find in the database. False when the service stopped while waiting: the items stay unapplied, replayed from
     * their position.
     */
    private boolean untilCommitted(String what, List<Item> items, Consumer<List<Item>> write)
            throws InterruptedException {
        boolean[] attempted = {false};
        return DatabaseOutage.retry(what, () -> {
            List<Item> todo = attempted[0] ? committed.notYetCommitted(items) : items;
            attempted[0] = true;
            if (!todo.isEmpty()) {
                write.accept(todo);
            }
        }, () -> running);
    }

    /** Logs one item FAILED (waiting for the database) and moves past it. */
    private void failOne(Item item, String error) throws InterruptedException {
        if (untilCommitted("recording a failed inbound change", List.of(item), todo -> transaction.fail(todo, error))) {
            failed(List.of(item));
        }
    }

    private List<Item> withoutRedeliveries(List<Item> batch) {
        Map<String, Long> seen = new HashMap<>(positions);
        List<Item> fresh = new ArrayList<>(batch.size());
        for (Item item : batch) {
            if (!item.onChannel()) {
                fresh.add(item); // not on a channel (an import page, a retry): never a re-delivery
                continue;
            }
            ChangeEvent e = item.event();
            Long at = seen.get(e.channel());
            if (at != null && e.replayId() <= at) {
                duplicates.incrementAndGet();
                LOG.debug("Already applied, dropped: {}", e);
                continue;
            }
            seen.put(e.channel(), e.replayId());
            fresh.add(item);
        }
        return fresh;
    }

    /** The items were logged FAILED: their positions move, their import pages are answered. */
    private void failed(List<Item> items) {
        commitPositions(items);
        for (Item item : items) {
            if (item.page() != null) {
                item.page().done.complete(Map.of("APPLY_FAILED", (long) item.page().records.size()));
            }
        }
    }

    private void completeImports(List<Item> items) {
        for (Item item : items) {
            if (item.page() != null) {
                item.page().done.complete(item.page().outcomes);
            }
        }
    }

    private void commitPositions(List<Item> items) {
        for (Item item : items) {
            if (!item.onChannel()) {
                continue;
            }
            positions.merge(item.event().channel(), item.event().replayId(), Math::max);
        }
        applied.addAndGet(items.stream().filter(i -> i.page() == null).count());
    }

    // ---- lifecycle: start before the routes, stop after them (draining the queue) ----

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "inbound-batch-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (thread != null) {
                thread.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Camel's context stops in an earlier phase; this writer then drains what its routes handed over.
        return Integer.MIN_VALUE + 1000;
    }
}
