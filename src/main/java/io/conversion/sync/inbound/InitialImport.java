package io.conversion.sync.inbound;

import io.conversion.sync.inbound.InitialImportRun.ObjectProgress;
import io.conversion.sync.inbound.InitialImportRun.State;
import io.conversion.sync.inbound.InitialImportStateRepository.Stored;
import io.conversion.sync.inbound.InitialImportWorker.Resume;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettingsService;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The initial import: every existing Lead, Contact and Account of the org (changes committed before the first
 * start never arrive as change events), read by {@link InitialImportWorker} (SOQL pages of 2,000 for small objects,
 * a Bulk API 2.0 query job for large ones) and applied as re-reads. Each chunk goes through the ordered batch
 * writer's queue, behind the change events already submitted, so the live stream is neither blocked for long nor
 * reordered; a record whose stored state is as recent as what the import read, or more recent (a change event
 * applied meanwhile), is left alone. One import at a time, in the background; its progress is stored per object
 * ({@code initial_import_state}) with each chunk, and an interrupted import continues on the next start.
 */
@Component
public class InitialImport implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(InitialImport.class);
    /** Accounts first, so that Contacts find their Account's company; Leads last (a converted Lead's Contact exists). */
    static final List<SyncedObject> ORDER = List.of(SyncedObject.ACCOUNT, SyncedObject.CONTACT, SyncedObject.LEAD);
    private static final int HISTORY = 10;

    private final InitialImportWorker worker;
    private final InitialImportStateRepository states;
    private final InboundBatchWriter writer;
    private final SyncSettingsService settings;
    private final StreamPositionRepository positions;
    private final InboundRecordRepository records;
    private final boolean onFirstStart;
    private ExecutorService executor = newExecutor();
    private final AtomicReference<InitialImportRun> current = new AtomicReference<>();
    private final List<InitialImportRun> history = new ArrayList<>();

    InitialImport(InitialImportWorker worker, InitialImportStateRepository states, InboundBatchWriter writer,
            SyncSettingsService settings,
            StreamPositionRepository positions, InboundRecordRepository records,
            @Value("${sync.inbound.initial-import:false}") boolean onFirstStart) {
        this.worker = worker;
        this.states = states;
        this.writer = writer;
        this.settings = settings;
        this.positions = positions;
        this.records = records;
        this.onFirstStart = onFirstStart;
    }

    /** {@code sync.inbound.initial-import: true}: import once on the very first start (no stream position stored). */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (resume().isPresent()) {
            return;
        }
        if (onFirstStart && positions.all().isEmpty() && !records.any()) {
            LOG.info("First start: running the initial import");
            start(null, "startup");
        }
    }

    /**
     * Starts an import of the given objects (null or empty: every object whose inbound toggle is on) in the
     * background. Objects whose toggle is off are not imported (state SKIPPED).
     *
     * @throws ConflictException when an import is running
     */
    public synchronized InitialImportRun start(Collection<String> objects, String startedBy) {
        List<SyncedObject> wanted;
        if (objects == null || objects.isEmpty()) {
            wanted = ORDER.stream().filter(settings::inboundEnabled).toList();
        } else {
            List<String> names = ORDER.stream().map(SyncedObject::sfName).toList();
            List<String> unknown = objects.stream().filter(o -> !names.contains(o)).toList();
            if (!unknown.isEmpty()) {
                throw new BadRequestException("Unknown objects " + unknown + "; importable: " + ORDER,
                        List.of("objects: " + unknown));
            }
            wanted = ORDER.stream().filter(o -> objects.contains(o.sfName())).toList();
        }
        InitialImportRun running = current.get();
        if (running != null && running.state == State.RUNNING) {
            throw new ConflictException("Initial import " + running.id + " is still running");
        }
        InitialImportRun run = new InitialImportRun(startedBy, wanted.stream().map(ObjectProgress::new).toList());
        current.set(run);
        history.add(0, run);
        if (history.size() > HISTORY) {
            history.remove(history.size() - 1);
        }
        wanted.forEach(o -> states.begin(run.id, startedBy, run.objects.stream()
                .filter(p -> p.object == o).findFirst().orElseThrow()));
        run.objects.stream().filter(p -> p.syncedAt == null).forEach(p -> p.syncedAt = syncedAt(p.object));
        executor.submit(() -> execute(run, Map.of()));
        return run;
    }

    /** The run of this process, else the last one stored (an import of an earlier process). */
    public Optional<InitialImportRun> latest() {
        InitialImportRun run = current.get();
        return run != null ? Optional.of(run) : stored().map(Map.Entry::getKey);
    }

    /**
     * Continues a run interrupted by a stop or a crash (objects stored RUNNING or PENDING), after the last chunk it
     * applied; returns it, or empty when there is nothing to continue (or a run is going on).
     */
    synchronized Optional<InitialImportRun> resume() {
        InitialImportRun running = current.get();
        if (running != null && running.state == State.RUNNING) {
            return Optional.empty();
        }
        Optional<Map.Entry<InitialImportRun, Map<SyncedObject, Resume>>> stored = stored();
        if (stored.isEmpty() || stored.get().getKey().state != State.RUNNING) {
            return Optional.empty();
        }
        InitialImportRun run = stored.get().getKey();
        LOG.info("Continuing initial import {}", run.id);
        current.set(run);
        history.add(0, run);
        executor.submit(() -> execute(run, stored.get().getValue()));
        return Optional.of(run);
    }

    /** The stored run (rows of the most recent run id) with where each object continues. */
    private Optional<Map.Entry<InitialImportRun, Map<SyncedObject, Resume>>> stored() {
        List<Stored> rows = states.all();
        Optional<Stored> newest = rows.stream().filter(r -> r.progress().startedAt != null)
                .max(Comparator.comparing(r -> r.progress().startedAt));
        String runId = newest.or(() -> rows.stream().findFirst()).map(Stored::runId).orElse(null);
        if (runId == null) {
            return Optional.empty();
        }
        List<Stored> ofRun = rows.stream().filter(r -> r.runId().equals(runId)).toList();
        Map<SyncedObject, Resume> resume = new EnumMap<>(SyncedObject.class);
        ofRun.forEach(r -> resume.put(r.progress().object, new Resume(r.pageLocator(), r.pageOffset())));
        List<ObjectProgress> objects = ofRun.stream().map(Stored::progress).toList();
        Instant startedAt = objects.stream().map(p -> p.startedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(Instant.now());
        InitialImportRun run = new InitialImportRun(runId, ofRun.get(0).startedBy(), startedAt, objects);
        boolean unfinished = objects.stream().anyMatch(p -> p.state == State.RUNNING || p.state == State.PENDING);
        run.state = unfinished ? State.RUNNING
                : objects.stream().anyMatch(p -> p.state == State.FAILED) ? State.FAILED : State.DONE;
        run.finishedAt = unfinished ? null : objects.stream().map(p -> p.finishedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return Optional.of(Map.entry(run, resume));
    }

    private Instant syncedAt(SyncedObject object) {
        return states.all().stream().filter(r -> r.progress().object == object).findFirst()
                .map(r -> r.progress().syncedAt).orElse(null);
    }

    public synchronized Optional<InitialImportRun> find(String id) {
        return history.stream().filter(r -> r.id.equals(id)).findFirst();
    }

    private void execute(InitialImportRun run, Map<SyncedObject, Resume> resume) {
        try {
            for (ObjectProgress p : run.objects) {
                if (p.state == State.PENDING || p.state == State.RUNNING) {
                    worker.importObject(p, resume.getOrDefault(p.object, Resume.FRESH));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Stored as RUNNING: the next start continues after the last applied chunk.
            run.objects.stream().filter(p -> p.state == State.RUNNING || p.state == State.PENDING).forEach(p -> {
                p.state = State.FAILED;
                p.error = "Interrupted (service stopping); continued on the next start";
            });
        } catch (RuntimeException e) {
            LOG.error("Initial import {} failed", run.id, e);
        } finally {
            run.finishedAt = Instant.now();
            run.state = run.objects.stream().anyMatch(p -> p.state == State.FAILED) ? State.FAILED : State.DONE;
            LOG.info("Initial import {} {}: {}", run.id, run.state, run.toJson().get("objects"));
        }
    }

    /**
     * Stops the running import as a shutdown does (its objects stay RUNNING in the database, to be continued by
     * {@link #resume}) and waits for its thread to end.
     */
    synchronized void interrupt() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(1, TimeUnit.MINUTES);
        writer.awaitIdle(60_000); // the chunks handed over before the stop commit, with their checkpoints
        executor = newExecutor();
        current.set(null);
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "initial-import");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
