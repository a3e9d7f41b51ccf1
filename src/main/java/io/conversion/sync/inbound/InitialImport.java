package io.conversion.sync.inbound;

import io.conversion.sync.inbound.InitialImportRun.ObjectProgress;
import io.conversion.sync.inbound.InitialImportRun.State;
import io.conversion.sync.inbound.SalesforceReader.Page;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettingsService;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * start never arrive as change events), read page by page with SOQL ({@code query} + {@code queryMore}, 2,000 records
 * per page and API call) and applied as re-reads. Each page goes through the ordered batch writer's queue, behind the
 * change events already submitted, so the live stream is neither blocked for long (one page per transaction) nor
 * reordered; a record whose stored state is as recent as what the import read, or more recent (a change event
 * applied meanwhile), is left alone. One import at a time, in the background; progress is kept in memory.
 */
@Component
public class InitialImport implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(InitialImport.class);
    /** Accounts first, so that Contacts find their Account's company; Leads last (a converted Lead's Contact exists). */
    static final List<SyncedObject> ORDER = List.of(SyncedObject.ACCOUNT, SyncedObject.CONTACT, SyncedObject.LEAD);
    private static final int HISTORY = 10;

    private final SalesforceReader salesforce;
    private final InboundBatchWriter writer;
    private final SyncSettingsService settings;
    private final StreamPositionRepository positions;
    private final InboundRecordRepository records;
    private final boolean onFirstStart;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "initial-import");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<InitialImportRun> current = new AtomicReference<>();
    private final List<InitialImportRun> history = new ArrayList<>();

    InitialImport(SalesforceReader salesforce, InboundBatchWriter writer, SyncSettingsService settings,
            StreamPositionRepository positions, InboundRecordRepository records,
            @Value("${sync.inbound.initial-import:false}") boolean onFirstStart) {
        this.salesforce = salesforce;
        this.writer = writer;
        this.settings = settings;
        this.positions = positions;
        this.records = records;
        this.onFirstStart = onFirstStart;
    }

    /** {@code sync.inbound.initial-import: true}: import once on the very first start (no stream position stored). */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
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
        executor.submit(() -> execute(run));
        return run;
    }

    public Optional<InitialImportRun> latest() {
        return Optional.ofNullable(current.get());
    }

    public synchronized Optional<InitialImportRun> find(String id) {
        return history.stream().filter(r -> r.id.equals(id)).findFirst();
    }

    private void execute(InitialImportRun run) {
        try {
            for (ObjectProgress p : run.objects) {
                importObject(p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.objects.stream().filter(p -> p.state == State.RUNNING || p.state == State.PENDING).forEach(p -> {
                p.state = State.FAILED;
                p.error = "Interrupted (service stopping)";
            });
        } catch (RuntimeException e) {
            LOG.error("Initial import {} failed", run.id, e);
        } finally {
            run.finishedAt = Instant.now();
            run.state = run.objects.stream().anyMatch(p -> p.state == State.FAILED) ? State.FAILED : State.DONE;
            LOG.info("Initial import {} {}: {}", run.id, run.state, run.toJson().get("objects"));
        }
    }

    private void importObject(ObjectProgress p) throws InterruptedException {
        if (!settings.inboundEnabled(p.object)) {
            p.state = State.SKIPPED;
            p.error = "Inbound sync of " + p.object + " is off";
            return;
        }
        p.state = State.RUNNING;
        p.startedAt = Instant.now();
        try {
            Page page = salesforce.firstPageOfAll(p.object);
            p.totalSize = page.totalSize();
            while (true) {
                p.pages++;
                p.read += page.records().size();
                if (!settings.inboundEnabled(p.object)) {
                    // Switched off during the import: stop; what was imported stays (like a paused object's data).
                    throw new IllegalStateException("Inbound sync of " + p.object + " was switched off");
                }
                if (!page.records().isEmpty()) {
                    ImportPage applied = writer.submitImport(p.object, page.records());
                    Map<String, Long> outcomes = applied.done.get(10, TimeUnit.MINUTES);
                    outcomes.forEach((outcome, n) -> {
                        if ("IMPORTED".equals(outcome)) {
                            p.applied += n;
                        } else {
                            p.skipped.merge(outcome, n, Long::sum);
                        }
                    });
                }
                if (page.nextRecordsUrl() == null) {
                    break;
                }
                page = salesforce.nextPage(page.nextRecordsUrl());
            }
            p.state = State.DONE;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("Initial import of {} failed", p.object, e);
            p.state = State.FAILED;
            p.error = String.valueOf(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        } finally {
            p.finishedAt = Instant.now();
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
