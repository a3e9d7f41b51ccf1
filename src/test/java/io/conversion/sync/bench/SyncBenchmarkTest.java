package io.conversion.sync.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.TestBroker;
import io.conversion.sync.TestProfiles;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.inbound.AccountMirror;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettingsService;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The benchmark (not part of the test command): {@code bench/run}, or {@code mvn -B test -Pbench [-Ppostgres]}.
 * Runs the whole service against the emulated org in this JVM and writes target/bench/results-{db}.{md,json}.
 * It measures; it asserts nothing about time.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncBenchmarkTest extends SyncTestSupport {

    private static final DateTimeFormatter SF_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final String QUEUE = "conversion.contacts.created";

    @Autowired
    SyncSettingsService settings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationContext context;

    @Autowired
    FieldMap fieldMap;

    @Autowired
    CompanyRepository companies;

    @Autowired
    AccountMirror accountMirror;

    @LocalServerPort
    int port;

    // Static: JUnit makes one instance per test method; the report spans them all.
    static final BenchReport report = new BenchReport(TestProfiles.postgres() ? "postgresql" : "h2");
    static final String run = Long.toString(System.currentTimeMillis(), 36);
    /** Inbound rates by workload, to print each as a fraction of the plain-JDBC reference. */
    static final Map<String, Double> inboundRates = new LinkedHashMap<>();

    @Test
    @Order(0)
    void start_up() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long ready = BenchStartupListener.readyAt();
        report.add("service start-up (Spring context with Camel, broker, DB, Salesforce login)", "context start → ready",
                ready - context.getStartupDate(), "ms");
        report.add("service start-up", "JVM start → ready (includes test-runner start)", ready - jvmStart, "ms");
        HeapSampler.resetPeaks();
    }

    @AfterAll
    static void writeReport() throws Exception {
        report.add("whole benchmark run", "peak heap used", HeapSampler.peakHeapBytes() / 1048576.0, "MiB");
        report.add("whole benchmark run", "heap used after run (after full GC)",
                HeapSampler.heapAfterGcBytes() / 1048576.0, "MiB");
        report.write(Path.of("target", "bench"));
    }

    // ------------------------------------------------------------------ outbound

    @Test
    @Order(1)
    void outbound_1000_new_contacts() throws Exception {
        outbound(1_000);
    }

    @Test
    @Order(2)
    void outbound_10000_new_contacts() throws Exception {
        outbound(10_000);
    }

    @Test
    @Order(4)
    void outbound_steady_trickle_latency() throws Exception {
        settings.update(new SyncSettings(settings.get().inbound(),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.CONTACT, true, true)), "benchmark");
        String tag = run + "ot";
        Map<String, Long> sentAt = new HashMap<>();
        ConnectionFactory cf = TestBroker.producer(BROKER_PORT);
        try (JMSContext jms = cf.createContext()) {
            var producer = jms.createProducer();
            var queue = jms.createQueue(QUEUE);
            for (int i = 0; i < 100; i++) {
                String email = "c" + i + "-" + tag + "@" + domain(tag, i % 10);
                producer.send(queue, "{\"email\":\"" + email + "\",\"lastName\":\"Trickle " + i + "\"}");
                sentAt.put(email, System.currentTimeMillis());
                Thread.sleep(100);
            }
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> countByStatus(tag, "SYNCED") + countByStatus(tag, "FAILED") >= 100);
        long[] latencies = SALESFORCE.org().all("Contact").stream()
                .filter(r -> r.get("Email") != null && sentAt.containsKey(r.get("Email").toString()))
                .mapToLong(r -> sfMillis(r.get("CreatedDate")) - sentAt.get(r.get("Email").toString())).toArray();
        String workload = "outbound: 100 new contacts at 10/s (idle service), createAs CONTACT";
        System.out.println("[bench] outbound trickle latencies (ms): " + Arrays.toString(latencies));
        report.add(workload, "latency p50 (queue send → Salesforce record created)",
                new Percentiles(latencies).percentile(50), "ms");
        report.add(workload, "latency p99 (queue send → Salesforce record created)",
                new Percentiles(latencies).percentile(99), "ms");
    }

    @Test
    @Order(3)
    void outbound_10000_updated_contacts() throws Exception {
        // The Contacts of the 10,000-contact run get a new title each: one update message per contact.
        fieldMap.put(new FieldMapping(SyncedObject.CONTACT, "Title", "title", SyncMode.ALWAYS_CONVERSION), "benchmark");
        String tag = run + "o10000";
        List<String> emails = jdbc.sql("select email from contact where email_key like :p and sync_status = 'SYNCED'")
                .param("p", "%-" + tag + "@%").query(String.class).list();
        int n = emails.size();
        String workload = String.format("outbound: %,d updated contacts (title) via JMS, Contacts, mode ALWAYS_CONVERSION", n);
        long callsBefore = SALESFORCE.usage().total();
        Map<String, Long> sentAt = new HashMap<>(n * 2);
        ConnectionFactory cf = TestBroker.producer(BROKER_PORT);
        long start = System.currentTimeMillis();
        try (JMSContext jms = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
            var producer = jms.createProducer();
            var queue = jms.createQueue("conversion.contacts.updated");
            for (int i = 0; i < n; i++) {
                producer.send(queue, "{\"email\":\"" + emails.get(i) + "\",\"changes\":{\"title\":\"Updated " + tag
                        + "\"}}");
                sentAt.put(emails.get(i), System.currentTimeMillis());
                if ((i + 1) % 100 == 0 || i == n - 1) {
                    jms.commit();
                }
            }
        }
        String title = "Updated " + tag;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> SALESFORCE.org()
                .all("Contact").stream().filter(r -> title.equals(r.get("Title"))).count() >= n);
        long end = System.currentTimeMillis();
        long calls = SALESFORCE.usage().total() - callsBefore;
        long[] latencies = SALESFORCE.org().all("Contact").stream()
                .filter(r -> title.equals(r.get("Title")) && sentAt.containsKey(String.valueOf(r.get("Email"))))
                .mapToLong(r -> sfMillis(r.get("LastModifiedDate")) - sentAt.get(r.get("Email").toString())).toArray();
        report.add(workload, "Salesforce API calls per 1,000 updated contacts", calls * 1000.0 / Math.max(1, n), "calls");
        report.add(workload, "throughput (first send → last Salesforce record updated, polled every 0.5 s)",
                n * 1000.0 / Math.max(1, end - start), "updates/s");
        report.add(workload, "latency p50 (queue send → Salesforce record updated)",
                new Percentiles(latencies).percentile(50), "ms");
        report.add(workload, "latency p99 (queue send → Salesforce record updated)",
                new Percentiles(latencies).percentile(99), "ms");
    }

    private void outbound(int n) throws Exception {
        String workload = String.format("outbound: %,d new contacts via JMS, 50 domains (25 with Accounts), "
                + "createAs CONTACT + domain matching + account creation", n);
        settings.update(new SyncSettings(settings.get().inbound(),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.CONTACT, true, true)), "benchmark");
        String tag = run + "o" + n;
        for (int d = 0; d < 25; d++) {
            SALESFORCE.org().create("Account", Map.of("Name", "Bench " + tag + " " + d,
                    "Website", "https://www." + domain(tag, d) + "/"));
        }
        long callsBefore = SALESFORCE.usage().total();
        Map<String, Long> opsBefore = callsByOperation();

        Map<String, Long> sentAt = new HashMap<>(n * 2);
        ConnectionFactory cf = TestBroker.producer(BROKER_PORT);
        long start = System.currentTimeMillis();
        try (JMSContext jms = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
            var producer = jms.createProducer();
            var queue = jms.createQueue(QUEUE);
            for (int i = 0; i < n; i++) {
                String email = "c" + i + "-" + tag + "@" + domain(tag, i % 50);
                producer.send(queue, "{\"email\":\"" + email + "\",\"firstName\":\"Bench\",\"lastName\":\"Contact " + i
                        + "\",\"company\":\"Bench\",\"source\":\"IMPORT\"}");
                sentAt.put(email, System.currentTimeMillis());
                if ((i + 1) % 100 == 0 || i == n - 1) {
                    jms.commit();
                }
            }
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .conditionEvaluationListener(c -> {
                    if (c.getElapsedTimeInMS() % 10_000 < 200) {
                        System.out.println("[bench] outbound progress: " + statuses(tag));
                    }
                })
                .until(() -> countByStatus(tag, "SYNCED") + countByStatus(tag, "FAILED") >= n);
        long end = lastUpdate("%-" + tag + "@%");
        long failed = countByStatus(tag, "FAILED");
        long calls = SALESFORCE.usage().total() - callsBefore;

        Map<String, Long> createdAt = SALESFORCE.org().all("Contact").stream()
                .filter(r -> r.get("Email") != null && sentAt.containsKey(r.get("Email").toString()))
                .collect(Collectors.toMap(r -> r.get("Email").toString(), r -> sfMillis(r.get("CreatedDate"))));
        long[] latencies = createdAt.entrySet().stream().mapToLong(e -> e.getValue() - sentAt.get(e.getKey()))
                .toArray();

        report.add(workload, "Salesforce API calls per 1,000 contacts", calls * 1000.0 / n, "calls");
        // The burst's batching: composite.sobjects.create is one call for the new Accounts, then one per contact batch.
        reportCallsByOperation(workload, opsBefore);
        report.add(workload, "throughput (first send → last synced)", n * 1000.0 / Math.max(1, end - start),
                "contacts/s");
        report.add(workload, "latency p50 (queue send → Salesforce record created)",
                new Percentiles(latencies).percentile(50), "ms");
        report.add(workload, "latency p99 (queue send → Salesforce record created)",
                new Percentiles(latencies).percentile(99), "ms");
        report.add(workload, "contacts failed", failed, "contacts");
    }

    private Map<String, Long> statuses(String tag) {
        Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.sql("select sync_status, count(*) from contact where email_key like :p group by sync_status")
                .param("p", "%-" + tag + "@%").query((rs, r) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    private long countByStatus(String tag, String status) {
        return jdbc.sql("select count(*) from contact where email_key like :p and sync_status = :s")
                .param("p", "%-" + tag + "@%").param("s", status).query(Long.class).single();
    }

    private static String domain(String tag, int d) {
        return "d" + d + "-" + tag + ".example";
    }

    private static long sfMillis(Object date) {
        if (date instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        String text = date.toString();
        return text.endsWith("Z") ? java.time.Instant.parse(text).toEpochMilli()
                : OffsetDateTime.parse(text, SF_DATE).toInstant().toEpochMilli();
    }

    // ------------------------------------------------------------------ API, domain matching, workflow triggers

    @Test
    @Order(9)
    void api_authenticated_against_unauthenticated() throws Exception {
        String workload = "API: 4 concurrent clients × 10 s each, GET /api/settings/sync (Basic auth) against "
                + "GET /actuator/health (no auth), in one run";
        long callsBefore = SALESFORCE.usage().total();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).GET().build();
        HttpRequest stat = HttpRequest.newBuilder(URI.create(baseUrl() + "/css/app.css")).GET().build();
        HttpRequest authenticated = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/settings/sync"))
                .header("Authorization", basicAuth()).GET().build();
        // Warm-up (JIT, connection pools, the first password check) is not measured.
        load(http, health, 4, Duration.ofSeconds(2));
        load(http, authenticated, 4, Duration.ofSeconds(2));
        load(http, stat, 4, Duration.ofSeconds(2));
        Load open = load(http, health, 4, Duration.ofSeconds(10));
        Load auth = load(http, authenticated, 4, Duration.ofSeconds(10));
        // Health runs the DB, broker and route checks on every request; a static file is the bare HTTP stack.
        Load floor = load(http, stat, 4, Duration.ofSeconds(10));
        report.add(workload, "unauthenticated /actuator/health: requests/s", open.perSecond(), "requests/s");
        report.add(workload, "unauthenticated /actuator/health: latency p50", open.p50(), "ms");
        report.add(workload, "unauthenticated /actuator/health: latency p99", open.p99(), "ms");
        report.add(workload, "unauthenticated /actuator/health: non-2xx answers", open.errors(), "requests");
        report.add(workload, "Basic auth /api/settings/sync: requests/s", auth.perSecond(), "requests/s");
        report.add(workload, "Basic auth /api/settings/sync: latency p50", auth.p50(), "ms");
        report.add(workload, "Basic auth /api/settings/sync: latency p99", auth.p99(), "ms");
        report.add(workload, "Basic auth /api/settings/sync: non-2xx answers", auth.errors(), "requests");
        report.add(workload, "authenticated rate as % of the unauthenticated one (target ≥ 80 %)",
                100.0 * auth.perSecond() / open.perSecond(), "%");
        report.add(workload, "for scale: unauthenticated static /css/app.css: requests/s", floor.perSecond(),
                "requests/s");
        report.add(workload, "for scale: unauthenticated static /css/app.css: latency p50", floor.p50(), "ms");
        report.add(workload, "for scale: unauthenticated static /css/app.css: latency p99", floor.p99(), "ms");
        report.add(workload, "Salesforce API calls during the run", SALESFORCE.usage().total() - callsBefore, "calls");
        report.add(workload, "authenticated rate as % of the static file's", 100.0 * auth.perSecond()
                / floor.perSecond(), "%");
    }

    @Test
    @Order(10)
    void domain_matching_account_mirror_incomplete() throws Exception {
        if (accountMirror.complete()) {
            // Switching Accounts inbound off and on again leaves the mirror incomplete until the next Account import.
            SyncSettings s = settings.get();
            settings.update(new SyncSettings(new SyncSettings.Inbound(s.inbound().leads(), s.inbound().contacts(),
                    false), s.outbound()), "benchmark");
            settings.update(s, "benchmark");
        }
        domainMatching("domain matching: 1,000 new contacts over 50 domains (25 with Accounts, in the mirror), "
                + "createAs CONTACT, Account mirror incomplete (Accounts inbound on, not imported)", run + "dmi");
    }

    @Test
    @Order(11)
    void domain_matching_account_mirror_complete() throws Exception {
        SyncSettings s = settings.get();
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true), s.outbound()), "benchmark");
        // The Account, Lead and Contact mirrors complete: imported while their inbound toggles are on.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(baseUrl()
                + "/api/sync/initial-import")).header("Authorization", basicAuth())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[\"Account\",\"Lead\",\"Contact\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("initial import not started: " + started.statusCode() + " " + started.body());
        }
        String id = JSON.readTree(started.body()).path("id").asText();
        HttpRequest progress = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/sync/initial-import/" + id))
                .header("Authorization", basicAuth()).GET().build();
        JsonNode done = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(http.send(progress, HttpResponse.BodyHandlers.ofString()).body()),
                        r -> !"RUNNING".equals(r.path("state").asText()));
        if (!"DONE".equals(done.path("state").asText())) {
            throw new IllegalStateException("initial import ended " + done);
        }
        domainMatching("domain matching: 1,000 new contacts over 50 domains (25 with Accounts), createAs CONTACT, "
                + "Account, Lead and Contact mirrors complete (inbound on and imported)", run + "dmc");
    }

    @Test
    @Order(12)
    void workflow_trigger_latency_at_idle() throws Exception {
        String workload = "workflow triggers: 200 Lead creates at 20/s (idle service)";
        String tag = run + "wt";
        // Idle: triggers of earlier workloads (the import's, in a full run) published before this one starts.
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc
                .sql("select count(*) from workflow_trigger_outbox").query(Long.class).single() == 0);
        // Salesforce id → {the change event's commitTimestamp, when the listener received the trigger}.
        Map<String, long[]> triggerById = new ConcurrentHashMap<>();
        ConnectionFactory cf = TestBroker.triggersConsumer(BROKER_PORT);
        List<String> ids = new ArrayList<>();
        try (JMSContext jms = cf.createContext()) {
            JMSConsumer consumer = jms.createConsumer(jms.createTopic("conversion.workflow.triggers"));
            consumer.setMessageListener(m -> {
                long now = System.currentTimeMillis();
                try {
                    JsonNode t = JSON.readTree(m.getBody(String.class));
                    triggerById.putIfAbsent(t.path("salesforceId").asText(),
                            new long[] {t.path("commitTimestamp").asLong(), now});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Warm-up, reported apart: in a fresh JVM the first event's path (JIT, first statements, first publish)
            // takes a few hundred ms and the next few queue behind it; "at idle" means a running service.
            List<String> warmUp = leadsAt20PerSecond(20, "Warm-up ", "warm", tag, triggerById.keySet());
            report.add(workload, "warm-up (20 events before the measured 200): the first event's latency",
                    triggerById.get(warmUp.get(0))[1] - triggerById.get(warmUp.get(0))[0], "ms");
            ids.addAll(leadsAt20PerSecond(200, "Trigger ", "w", tag, triggerById.keySet()));
        }
        // Where the time goes: the contact row's updated_at (set in the batch writer's transaction) splits it.
        Map<String, Long> applied = appliedAt(ids);
        long[] total = ids.stream().mapToLong(id -> triggerById.get(id)[1] - triggerById.get(id)[0]).toArray();
        long[] toDb = ids.stream().mapToLong(id -> applied.get(id) - triggerById.get(id)[0]).toArray();
        long[] dbToTopic = ids.stream().mapToLong(id -> triggerById.get(id)[1] - applied.get(id)).toArray();
        System.out.println("[bench] trigger latencies in creation order (ms): " + Arrays.toString(total));
        report.add(workload, "latency p50 (Salesforce commit → trigger received on the topic)",
                new Percentiles(total).percentile(50), "ms");
        report.add(workload, "latency p99 (Salesforce commit → trigger received on the topic)",
                new Percentiles(total).percentile(99), "ms");
        report.add(workload, "of which p50 Salesforce commit → contact row written",
                new Percentiles(toDb).percentile(50), "ms");
        report.add(workload, "of which p99 Salesforce commit → contact row written",
                new Percentiles(toDb).percentile(99), "ms");
        report.add(workload, "of which p50 contact row written → trigger received",
                new Percentiles(dbToTopic).percentile(50), "ms");
        report.add(workload, "of which p99 contact row written → trigger received",
                new Percentiles(dbToTopic).percentile(99), "ms");
    }

    /** Creates {@code n} Leads in the org, one per 50 ms, and waits until each one's trigger was received. */
    private static List<String> leadsAt20PerSecond(int n, String name, String emailPrefix, String tag,
            java.util.Set<String> triggered) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(SALESFORCE.org().create("Lead", Map.of("LastName", name + i, "Company", "Bench",
                    "Email", emailPrefix + i + "-" + tag + "@triggers.example")));
            Thread.sleep(50);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> triggered.containsAll(ids));
        return ids;
    }

    private void domainMatching(String workload, String tag) throws Exception {
        int n = 1_000;
        settings.update(new SyncSettings(settings.get().inbound(),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.CONTACT, true, true)), "benchmark");
        List<String> withAccounts = new ArrayList<>();
        for (int d = 0; d < 25; d++) {
            SALESFORCE.org().create("Account", Map.of("Name", "Bench " + tag + " " + d,
                    "Website", "https://www." + domain(tag, d) + "/"));
            withAccounts.add(domain(tag, d));
        }
        // Both cases start with the Accounts in Conversion's companies (their change events applied).
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> withAccounts.stream()
                .allMatch(d -> companies.findByDomain(d).map(Company::sfAccountId).isPresent()));
        boolean complete = accountMirror.complete();
        long callsBefore = SALESFORCE.usage().total();
        Map<String, Long> opsBefore = callsByOperation();
        ConnectionFactory cf = TestBroker.producer(BROKER_PORT);
        try (JMSContext jms = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
            var producer = jms.createProducer();
            var queue = jms.createQueue(QUEUE);
            for (int i = 0; i < n; i++) {
                producer.send(queue, "{\"email\":\"c" + i + "-" + tag + "@" + domain(tag, i % 50)
                        + "\",\"firstName\":\"Bench\",\"lastName\":\"Contact " + i + "\",\"company\":\"Bench\"}");
                if ((i + 1) % 100 == 0 || i == n - 1) {
                    jms.commit();
                }
            }
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> countByStatus(tag, "SYNCED") + countByStatus(tag, "FAILED") >= n);
        report.add(workload, "Account mirror complete when the contacts arrived (1 = yes)", complete ? 1 : 0, "");
        report.add(workload, "Salesforce API calls (target 6 with every mirror complete)",
                SALESFORCE.usage().total() - callsBefore, "calls");
        reportCallsByOperation(workload, opsBefore);
        report.add(workload, "contacts failed", countByStatus(tag, "FAILED"), "contacts");
    }

    /** The emulator's API calls so far, by operation (query, composite.sobjects.create, …), without the
     * oauth.* and cometd.* requests, which do not count against the org's API limit. */
    private static Map<String, Long> callsByOperation() {
        Map<String, Long> out = new java.util.TreeMap<>();
        SALESFORCE.usage().toJson().path("byOperation").fields()
                .forEachRemaining(e -> {
                    if (!e.getKey().startsWith("oauth.") && !e.getKey().startsWith("cometd.")) {
                        out.put(e.getKey(), e.getValue().asLong());
                    }
                });
        return out;
    }

    private static void reportCallsByOperation(String workload, Map<String, Long> before) {
        callsByOperation().forEach((op, count) -> {
            long delta = count - before.getOrDefault(op, 0L);
            if (delta > 0) {
                report.add(workload, "of which " + op, delta, "calls");
            }
        });
    }

    private record Load(double perSecond, double p50, double p99, long errors) {
    }

    /** {@code threads} clients sending {@code request} back to back for {@code duration}. */
    private static Load load(HttpClient http, HttpRequest request, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        LongAdder errors = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            List<Future<List<Long>>> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                clients.add(pool.submit(() -> {
                    List<Long> micros = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        micros.add((System.nanoTime() - t0) / 1000);
                        if (status / 100 != 2) {
                            errors.increment();
                        }
                    }
                    return micros;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> c : clients) {
                all.addAll(c.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Percentiles p = new Percentiles(all.stream().mapToLong(Long::longValue).toArray());
            return new Load(all.size() / seconds, p.percentile(50) / 1000.0, p.percentile(99) / 1000.0, errors.sum());
        } finally {
            pool.shutdownNow();
        }
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private static String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    // ------------------------------------------------------------------ inbound

    @Test
    @Order(5)
    void inbound_steady_trickle_latency() throws Exception {
        String workload = "inbound: 200 Lead creates at 20/s (idle service)";
        String tag = run + "t";
        Map<String, Long> published = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String email = "t" + i + "-" + tag + "@trickle.example";
            published.put(SALESFORCE.org().create("Lead", Map.of("LastName", "Trickle " + i, "Company", "Bench",
                    "Email", email)), System.currentTimeMillis());
            Thread.sleep(50);
        }
        long[] lat = awaitApplied(published);
        report.add(workload, "latency p50 (publication → DB commit)", new Percentiles(lat).percentile(50), "ms");
        report.add(workload, "latency p99 (publication → DB commit)", new Percentiles(lat).percentile(99), "ms");
    }

    @Test
    @Order(6)
    void inbound_10000_single_record_events() throws Exception {
        inboundBurst(10_000);
    }

    @Test
    @Order(7)
    void inbound_100000_single_record_events() throws Exception {
        inboundBurst(100_000);
    }

    @Test
    @Order(8)
    void jdbc_reference_upserts() throws Exception {
        double reference = 0;
        for (int n : new int[] {10_000, 100_000}) {
            reference = JdbcReference.upsertsPerSecond(dataSource, n);
            report.add(String.format("reference: %,d batched upserts into contact through plain JDBC (500/batch)", n),
                    "rows/s", reference, "rows/s");
        }
        for (var rate : inboundRates.entrySet()) {
            report.add(rate.getKey(), "ratio to the plain-JDBC reference (100,000 rows)",
                    100.0 * rate.getValue() / reference, "%");
        }
    }

    private void inboundBurst(int n) throws Exception {
        String tag = run + "b" + n;
        Map<String, Long> published = new LinkedHashMap<>(n * 2);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String email = "b" + i + "-" + tag + "@burst.example";
            String id = SALESFORCE.org().create("Lead", Map.of("LastName", "Burst " + i, "Company", "Bench",
                    "Email", email));
            published.put(id, System.currentTimeMillis());
            ids.add(id);
        }
        long start = published.values().iterator().next();
        long[] lat = awaitApplied(published);
        long end = lastUpdateOfLeads(ids);
        String single = String.format("inbound: %,d Lead creates, one record per event (burst)", n);
        inboundRate(single, n * 1000.0 / (end - start));
        report.add(single, "latency p50 (publication → DB commit)", new Percentiles(lat).percentile(50), "ms");
        report.add(single, "latency p99 (publication → DB commit)", new Percentiles(lat).percentile(99), "ms");

        // The same records updated 200 at a time with the same change: one event lists 200 record ids.
        String title = "T" + tag;
        Map<String, Long> updated = new LinkedHashMap<>(n * 2);
        for (int from = 0; from < n; from += 200) {
            List<String> chunk = ids.subList(from, Math.min(n, from + 200));
            SALESFORCE.org().inTransaction("com/salesforce/api/rest/56.0", tx -> {
                chunk.forEach(id -> tx.update("Lead", id, Map.of("Title", title)));
                return null;
            });
            long at = System.currentTimeMillis();
            chunk.forEach(id -> updated.put(id, at));
        }
        long uStart = updated.values().iterator().next();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc
                .sql("select count(*) from contact where email_key like :p and title = :t")
                .param("p", "%-" + tag + "@burst.example").param("t", title).query(Long.class).single() >= n);
        long[] uLat = latencies(updated);
        long uEnd = lastUpdateOfLeads(ids);
        String merged = String.format("inbound: %,d Lead updates, 200 records per event (%,d events)", n, n / 200);
        inboundRate(merged, n * 1000.0 / (uEnd - uStart));
        report.add(merged, "latency p50 (publication → DB commit)", new Percentiles(uLat).percentile(50), "ms");
        report.add(merged, "latency p99 (publication → DB commit)", new Percentiles(uLat).percentile(99), "ms");
    }

    private void inboundRate(String workload, double recordsPerSecond) {
        inboundRates.put(workload, recordsPerSecond);
        report.add(workload, "records/s applied (first publication → last commit)", recordsPerSecond, "records/s");
    }

    private long[] awaitApplied(Map<String, Long> publishedByLeadId) {
        List<String> ids = new ArrayList<>(publishedByLeadId.keySet());
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> countLeads(ids) >= ids.size());
        return latencies(publishedByLeadId);
    }

    private long[] latencies(Map<String, Long> publishedByLeadId) {
        Map<String, Long> applied = appliedAt(new ArrayList<>(publishedByLeadId.keySet()));
        return applied.entrySet().stream().mapToLong(e -> e.getValue() - publishedByLeadId.get(e.getKey())).toArray();
    }

    private long countLeads(List<String> ids) {
        long total = 0;
        for (int i = 0; i < ids.size(); i += 1000) {
            total += jdbc.sql("select count(*) from contact where sf_lead_id in (:ids)")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 1000))).query(Long.class).single();
        }
        return total;
    }

    private Map<String, Long> appliedAt(List<String> ids) {
        Map<String, Long> out = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i += 1000) {
            jdbc.sql("select sf_lead_id, updated_at from contact where sf_lead_id in (:ids)")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 1000)))
                    .query((rs, r) -> out.put(rs.getString(1), rs.getTimestamp(2).getTime())).list();
        }
        return out;
    }

    private long lastUpdateOfLeads(List<String> ids) {
        return appliedAt(ids).values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private long lastUpdate(String emailPattern) {
        Timestamp t = jdbc.sql("select max(updated_at) from contact where email_key like :p").param("p", emailPattern)
                .query(Timestamp.class).single();
        return t.getTime();
    }
}
