package io.conversion.sync.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.TestProfiles;
import io.conversion.sync.inbound.ImportControl;
import io.conversion.sync.inbound.InitialImport;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettingsService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * Benchmark of the initial import of a large org (not part of the test command; {@code bench/import}):
 * 1,000,000 Leads, 100,000 Accounts and 300,000 Contacts (times {@code -Dbench.import.scale}, default 1) in an
 * emulated org running as its own process ({@code EmulatorMain --seed}), the service in this JVM (run it with
 * {@code -DargLine=-Xmx512m}). Two runs on an empty Conversion database: one import straight through (wall time,
 * records/s, Salesforce API calls, peak heap), and one stopped at half way and continued (total time, records applied
 * twice). It measures; it asserts nothing about time. Writes target/bench/results-import-{db}.{md,json}.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InitialImportBenchmarkTest extends SyncTestSupport {

    static final double SCALE = Double.parseDouble(System.getProperty("bench.import.scale", "1"));
    static final int LEADS = (int) Math.round(1_000_000 * SCALE);
    static final int ACCOUNTS = (int) Math.round(100_000 * SCALE);
    static final int CONTACTS = (int) Math.round(300_000 * SCALE);
    static final int RECORDS = LEADS + ACCOUNTS + CONTACTS;
    /** The emulated org, its own JVM; started before the service so that the service logs in to it. */
    static final EmulatorProcess ORG = EmulatorProcess.start(ACCOUNTS, CONTACTS, LEADS);

    static {
        // A million contacts do not fit an in-memory H2 in a 512 MiB heap: a file database, as production's default.
        if (!TestProfiles.postgres() && System.getProperty("sync.test.h2-url") == null) {
            Path dir = Path.of("target", "bench", "import-h2");
            deleteDirectory(dir);
            System.setProperty("sync.test.h2-url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("sync"));
        }
    }

    private static void deleteDirectory(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // not there yet
        }
    }
    static final BenchReport report = new BenchReport("import-" + (TestProfiles.postgres() ? "postgresql" : "h2"));
    static final String WORKLOAD = String.format(Locale.ROOT,
            "initial import: %,d Leads + %,d Accounts + %,d Contacts (Bulk API 2.0, emulator in its own process)",
            LEADS, ACCOUNTS, CONTACTS);

    /** Production's results page size (application.yaml), not the tests' 10,000: the API-call figure is production's. */
    @DynamicPropertySource
    static void productionPageSize(DynamicPropertyRegistry registry) {
        registry.add("sync.inbound.import.page-size", () -> 50_000);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SyncSettingsService settings;
    @Autowired
    InitialImport imports;

    @AfterAll
    static void writeReport() throws Exception {
        report.write(Path.of("target", "bench"));
        ORG.stop();
    }

    @Test
    @Order(1)
    void import_straight_through() throws Exception {
        toggles();
        emptyConversion();
        HeapSampler.resetPeaks();
        long calls = ORG.apiCalls();
        long start = System.nanoTime();
        String id = ImportControl.start(imports);
        Object run = ImportControl.awaitFinished(imports, id, Duration.ofMinutes(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        long used = ORG.apiCalls() - calls;
        System.out.println("[bench] import: " + run);
        System.out.println("[bench] API calls by operation (whole run): " + ORG.byOperation());
        report.add(WORKLOAD, "wall time (start → last object DONE)", seconds, "s");
        report.add(WORKLOAD, "records/s (records read / wall time)", RECORDS / seconds, "records/s");
        report.add(WORKLOAD, "Salesforce API calls (whole import)", used, "calls");
        report.add(WORKLOAD, "peak heap used (sum of the heap pools' peaks, an upper bound)",
                HeapSampler.peakHeapBytes() / 1048576.0, "MiB");
        report.add(WORKLOAD, "contacts in Conversion after the import", count("contact"), "rows");
        report.add(WORKLOAD, "companies in Conversion after the import", count("company"), "rows");
        report.add(WORKLOAD, "records applied twice", appliedTwice(), "records");
        report.write(Path.of("target", "bench")); // kept if the run is stopped later
    }

    @Test
    @Order(2)
    void import_stopped_at_half_way_and_continued() throws Exception {
        toggles();
        emptyConversion();
        long calls = ORG.apiCalls();
        long start = System.nanoTime();
        String id = ImportControl.start(imports);
        await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> storedRead() >= RECORDS / 2);
        ImportControl.stop(imports); // as a shutdown does: the import thread ends, the writer commits what it holds
        long readAtStop = storedRead();
        ImportControl.resume(imports);
        Object run = ImportControl.awaitFinished(imports, id, Duration.ofMinutes(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("[bench] stopped at " + readAtStop + " records, continued: " + run);
        String workload = WORKLOAD + ", stopped at half way and continued";
        report.add(workload, "records read before the stop", readAtStop, "records");
        report.add(workload, "total wall time (first start → DONE, incl. the stop)", seconds, "s");
        report.add(workload, "Salesforce API calls (both parts)", ORG.apiCalls() - calls, "calls");
        report.add(workload, "contacts in Conversion after the import", count("contact"), "rows");
        report.add(workload, "records applied twice", appliedTwice(), "records");
    }

    private void toggles() {
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true), settings.get().outbound()),
                "benchmark");
    }

    /** Records applied more than once: an IMPORTED trace of the same Salesforce id in more than one chunk. */
    private long appliedTwice() {
        return jdbc.sql("select count(*) from (select sf_id from sync_activity where action = 'IMPORTED' "
                + "group by sf_id having count(*) > 1) t").query(Long.class).single();
    }

    private long storedRead() {
        return jdbc.sql("select coalesce(sum(read_count), 0) from initial_import_state").query(Long.class).single();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /**
     * The Conversion side as before any sync (this benchmark's own database). Truncated: a delete of a million
     * contacts checks the self-reference merged_into_id row by row.
     */
    private void emptyConversion() {
        List<String> tables = List.of("workflow_trigger_outbox", "outbound_update", "field_state", "sync_activity",
                "inbound_record", "initial_import_state", "contact_duplicate", "contact", "company");
        if (TestProfiles.postgres()) {
            jdbc.sql("truncate table " + String.join(", ", tables) + " cascade").update();
            return;
        }
        jdbc.sql("set referential_integrity false").update();
        for (String table : tables) {
            jdbc.sql("truncate table " + table).update();
        }
        jdbc.sql("set referential_integrity true").update();
    }

    /** The emulated org in its own JVM (same classpath), seeded with volume data without change events. */
    static final class EmulatorProcess {
        private final Process process;
        private final String url;
        private final HttpClient http = HttpClient.newHttpClient();

        private EmulatorProcess(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static EmulatorProcess start(int accounts, int contacts, int leads) {
            int port = TestSocketUtils.findAvailableTcpPort();
            String heap = System.getProperty("bench.import.emulator-heap", "3g");
            try {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                        "io.conversion.sync.emulator.EmulatorMain", String.valueOf(port), "--seed",
                        "accounts=" + accounts + ",contacts=" + contacts + ",leads=" + leads)
                        .redirectErrorStream(true).start();
                CompletableFuture<Void> ready = new CompletableFuture<>();
                Thread out = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            System.out.println("[emulator] " + line);
                            if (line.startsWith("Salesforce emulator on")) {
                                ready.complete(null);
                            }
                        }
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                    ready.completeExceptionally(new IllegalStateException("emulator ended"));
                }, "emulator-output");
                out.setDaemon(true);
                out.start();
                ready.get(10, TimeUnit.MINUTES);
                String url = "http://localhost:" + port;
                System.setProperty("sync.test.salesforce-url", url);
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
                return new EmulatorProcess(p, url);
            } catch (Exception e) {
                throw new IllegalStateException("Emulator process did not start: " + e.getMessage(), e);
            }
        }

        /** API calls counted against the daily limit so far. */
        long apiCalls() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/emulator/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(r.body()).path("total").asLong();
        }

        /** Calls per operation so far (incl. those not counted against the limit). */
        String byOperation() throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/emulator/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        void stop() {
            process.destroy();
        }
    }
}
