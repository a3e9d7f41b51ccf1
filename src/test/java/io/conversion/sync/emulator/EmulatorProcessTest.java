package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EmulatorMain} as its own process (what bin/salesforce-emulator runs): flags, seeding, state across client sessions. */
class EmulatorProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void emulator_main_runs_as_a_process_seeds_data_and_keeps_state_across_client_sessions() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                String.valueOf(port), "--demo-data", "--seed", "accounts=3,contacts=5,leads=7").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            boolean ready = false;
            while (!ready && (line = out.readLine()) != null) ready = line.startsWith("Salesforce emulator on http://localhost:" + port);
            assertThat(ready).as("the process announces its URL").isTrue();
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-process-output");
            drain.setDaemon(true);
            drain.start();
            String base = "http://localhost:" + port;
            assertThat(leadCount(base, token(base))).as("3 demo Leads + 7 seeded").isEqualTo(10);
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/emulator/records/Lead"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"LastName\":\"Kept\",\"Company\":\"Acme\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(leadCount(base, token(base))).as("a new session (a restarted service) sees the same org").isEqualTo(11);
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String token(String base) throws Exception {
        String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
                + URLEncoder.encode("integration@sandbox.example", StandardCharsets.UTF_8) + "&password=sandbox-password";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static int leadCount(String base, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/services/data/v56.0/query/?q="
                + URLEncoder.encode("SELECT COUNT() FROM Lead", StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        return body.get("totalSize").asInt();
    }
}
