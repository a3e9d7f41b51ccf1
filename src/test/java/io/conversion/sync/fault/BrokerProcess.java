package io.conversion.sync.fault;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The external broker of a fault test ({@link BrokerMain}) as its own process: killed with {@code kill -9} and
 * started again on the same journal and port, it is the same broker with the messages it had accepted.
 */
final class BrokerProcess implements AutoCloseable {

    final int port;
    private final Path data;
    private final Path log;
    private Process process;

    BrokerProcess(Path data) throws Exception {
        this.port = Processes.freePort();
        this.data = data;
        Files.createDirectories(Path.of("target", "fault-logs"));
        this.log = Path.of("target", "fault-logs", data.getParent().getFileName() + "-broker.log").toAbsolutePath();
    }

    String url() {
        return "tcp://localhost:" + port;
    }

    /** Starts the broker and returns once it accepts connections. */
    void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Processes.java(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), BrokerMain.class.getName(), String.valueOf(port),
                data.toString()).redirectErrorStream(true);
        pb.environment().put("SYNC_BROKER_USER", ServiceProcess.BROKER_USER);
        pb.environment().put("SYNC_BROKER_PASSWORD", ServiceProcess.BROKER_PASSWORD);
        pb.environment().put("SYNC_BROKER_PRODUCER_USER", ServiceProcess.PRODUCER_USER);
        pb.environment().put("SYNC_BROKER_PRODUCER_PASSWORD", ServiceProcess.PRODUCER_PASSWORD);
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        boolean ready = false;
        while (!ready && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            ready = line.startsWith("Broker ready on port " + port);
        }
        Files.writeString(log, seen, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        if (!ready) {
            throw new IllegalStateException("the broker process did not start: " + seen);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "broker-output");
        drain.setDaemon(true);
        drain.start();
    }

    void kill9() throws InterruptedException {
        Processes.kill9(process);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                Processes.kill9(process);
            }
        }
    }
}
