package io.conversion.sync.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/conversion-salesforce-sync-*.jar}, built by {@code mvn package}) as its own
 * process, run from its own working directory with its defaults: the H2 file database and the persistent embedded
 * broker under {@code ./data} (or the PostgreSQL suite's server). Started again in the same directory it is the same
 * node after a crash.
 */
final class ServiceProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String ADMIN_PASSWORD = "fault-suite-secret";
    /** The service's and the intake producers' broker logins (embedded broker, or the external one it logs in to). */
    static final String BROKER_USER = "sync";
    static final String BROKER_PASSWORD = "fault-suite-broker";
    static final String PRODUCER_USER = "intake";
    static final String PRODUCER_PASSWORD = "fault-suite-producer";

    final int httpPort;
    final int brokerPort;
    final String dbUrl;
    private final Path dataDir;
    private final EmulatorProcess org;
    private final Path log;
    private Process process;
    private Instant launched;
    private int starts;
    private final List<String> extraArgs = new ArrayList<>();

    /** {@code dbUrl} null: the default database (H2 under the working directory's ./data). */
    ServiceProcess(Path dataDir, String dbUrl, EmulatorProcess org) throws Exception {
        this.dataDir = dataDir;
        this.dbUrl = dbUrl;
        this.org = org;
        this.httpPort = Processes.freePort();
        this.brokerPort = Processes.freePort();
        // Kept after the test (its data directory is not): target/fault-logs/<directory>.log
        Files.createDirectories(Path.of("target", "fault-logs"));
        this.log = Path.of("target", "fault-logs", dataDir.getFileName() + ".log").toAbsolutePath();
    }

    static Path jar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("conversion-salesforce-sync-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No packaged service in target/: run `mvn -B package -DskipTests` first (.ci/run does)"));
        }
    }

    /** Settings passed on the command line at every start, e.g. {@code --sync.salesforce.api-recheck-interval=5s}. */
    ServiceProcess withArgs(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    /**
     * Starts the process and waits until it is ready (readiness probe UP: its routes started, after its API answers);
     * returns that moment. {@link #launched()} is when the process was started.
     */
    Instant start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Processes.java(), "-Xmx512m"));
        // Diagnostics: -Dfault.service.jvm="-XX:StartFlightRecording=..." and -Dfault.service.args="--logging.level.x=DEBUG"
        cmd.addAll(Processes.options("fault.service.jvm"));
        cmd.addAll(List.of("-jar", jar().toAbsolutePath().toString(), "--server.port=" + httpPort, "--sync.broker.port=" + brokerPort,
                "--sync.node-id=fault-node",
                "--camel.component.salesforce.login-url=" + org.url(),
                "--camel.component.salesforce.client-id=sandbox-client",
                "--camel.component.salesforce.client-secret=sandbox-secret",
                "--camel.component.salesforce.user-name=integration@sandbox.example",
                "--camel.component.salesforce.password=sandbox-password"));
        cmd.addAll(extraArgs);
        cmd.addAll(Processes.options("fault.service.args"));
        if (dbUrl != null) {
            cmd.addAll(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + dbUrl,
                    "--spring.datasource.username=postgres"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SYNC_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().put("SYNC_BROKER_USER", BROKER_USER);
        pb.environment().put("SYNC_BROKER_PASSWORD", BROKER_PASSWORD);
        pb.environment().put("SYNC_BROKER_PRODUCER_USER", PRODUCER_USER);
        pb.environment().put("SYNC_BROKER_PRODUCER_PASSWORD", PRODUCER_PASSWORD);
        pb.directory(dataDir.toFile());
        launched = Instant.now();
        process = pb.start();
        starts++;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited (" + process.exitValue() + "): " + logTail());
            }
            try {
                if (get("/api/settings/sync").has("outbound")
                        && "UP".equals(get("/actuator/health/readiness").path("status").asText())) {
                    return Instant.now();
                }
            } catch (Exception notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not become ready within 2 minutes: " + logTail());
    }

    /** When the last {@link #start()} started the process (the JVM's own start-up is in what follows). */
    Instant launched() {
        return launched;
    }

    /** The end of the service's output, for a failure message (the data directory is gone after the test). */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    void kill9() throws InterruptedException {
        Processes.kill9(process);
    }

    /** A graceful stop (SIGTERM), e.g. before reading an H2 file database that only one process may open. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                Processes.kill9(process);
            }
        }
    }

    int starts() {
        return starts;
    }

    /** The JDBC URL a test reads the service's database with (for H2: only while the service is stopped). */
    String jdbcUrl() {
        return dbUrl != null ? dbUrl : "jdbc:h2:file:" + dataDir.resolve("data/sync") + ";WRITE_DELAY=0";
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** {@code /actuator/health} as it answers: 200 when UP, 503 with the same body when DOWN. */
    JsonNode health() throws Exception {
        HttpResponse<String> r = HTTP.send(request("/actuator/health").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    JsonNode put(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT " + path + " → " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        String auth = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + auth);
    }
}
