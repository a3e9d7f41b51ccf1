package io.conversion.sandbox;

import io.conversion.sync.Application;
import io.conversion.sync.emulator.DemoData;
import io.conversion.sync.emulator.EmulatorConfig;
import io.conversion.sync.emulator.SalesforceEmulator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The sandbox ({@code mvn spring-boot:test-run}): the Salesforce emulator on :8089, then the service with the
 * "sandbox" profile (emulated org credentials, in-memory H2, embedded broker on :61616), then demo data.
 *
 * <p>Lives outside {@code io.conversion.sync} so the service's component scan never sees it; the annotation is
 * only there so that spring-boot:test-run picks this class among the test tree's main classes.
 */
@SpringBootApplication
public class SandboxApplication {

    public static void main(String[] args) throws Exception {
        // SANDBOX_EMULATOR=external: the org runs as its own process (bin/salesforce-emulator) on :8089 and outlives
        // service restarts; the demo data is then created there through its control API.
        boolean external = "external".equalsIgnoreCase(System.getenv("SANDBOX_EMULATOR"));
        SalesforceEmulator emulator = external ? null : SalesforceEmulator.start(EmulatorConfig.defaults().port(8089));
        if (emulator != null) Runtime.getRuntime().addShutdownHook(new Thread(emulator::stop, "emulator-stop"));
        new SpringApplicationBuilder(Application.class)
                .profiles("sandbox")
                .run(args);
        // Seeded once the service is up: the demo records reach Conversion the way real Salesforce changes do, as
        // change events (changes made before the service first started are, by design, never synced).
        String orgUrl = "http://localhost:8089";
        if (emulator != null) {
            DemoData.seed(emulator.org());
        } else if (!"false".equalsIgnoreCase(System.getenv("SANDBOX_DEMO_DATA"))) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(orgUrl + "/emulator/demo-data"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
        System.out.println("Sandbox ready: service http://localhost:8080 (admin / sandbox), emulated Salesforce org "
                + orgUrl + (external ? " (external)" : "") + " (control API under /emulator/), broker tcp://localhost:61616"
                + " (producer login intake / sandbox)");
    }
}
