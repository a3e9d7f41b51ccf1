package io.conversion.sync.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.emulator.EmulatorMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulated org as its own process ({@link EmulatorMain}, what bin/salesforce-emulator runs): it keeps its records,
 * events and API counters while the service is killed and restarted. Driven through its control API only.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final int port;
    private final Process process;

    EmulatorProcess() throws Exception {
        port = Processes.freePort();
        List<String> cmd = new ArrayList<>(List.of(Processes.java(), "-Xmx512m"));
        // Diagnostics, like the service's: -Dfault.emulator.jvm="-XX:StartFlightRecording=filename=emulator.jfr"
        cmd.addAll(Processes.options("fault.emulator.jvm"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                String.valueOf(port)));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        boolean ready = false;
        while (!ready && (line = out.readLine()) != null) {
            ready = line.startsWith("Salesforce emulator on http://localhost:" + port);
        }
        if (!ready) {
            throw new IllegalStateException("the emulator process did not start");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-output");
        drain.setDaemon(true);
        drain.start();
    }

    String url() {
        return "http://localhost:" + port;
    }

    JsonNode control(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/emulator/" + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " /emulator/" + path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    /** Every record of a type (GET /emulator/records/{type}). */
    JsonNode records(String type) throws Exception {
        return control("GET", "records/" + type, null);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            Processes.kill9(process);
        }
    }
}
