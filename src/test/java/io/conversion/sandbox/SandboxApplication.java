package io.conversion.sandbox;

import io.conversion.sync.Application;
import io.conversion.sync.emulator.DemoData;
import io.conversion.sync.emulator.EmulatorConfig;
import io.conversion.sync.emulator.SalesforceEmulator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The sandbox ({@code mvn spring-boot:test-run}): the Salesforce emulator on :8089 seeded with demo data, then the
 * service with the "sandbox" profile (emulated org credentials, H2 under ./data, embedded broker on :61616).
 *
 * <p>Lives outside {@code io.conversion.sync} so the service's component scan never sees it; the annotation is
 * only there so that spring-boot:test-run picks this class among the test tree's main classes.
 */
@SpringBootApplication
public class SandboxApplication {

    public static void main(String[] args) {
        var emulator = SalesforceEmulator.start(EmulatorConfig.defaults().port(8089));
        DemoData.seed(emulator.org());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::stop, "emulator-stop"));
        new SpringApplicationBuilder(Application.class)
                .profiles("sandbox")
                .run(args);
    }
}
