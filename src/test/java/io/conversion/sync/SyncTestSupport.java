package io.conversion.sync;

import io.conversion.sync.emulator.EmulatorConfig;
import io.conversion.sync.emulator.SalesforceEmulator;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * The whole service, booted once per JVM and shared by every test that extends this (one Spring context in
 * the cache): real H2, real embedded broker on a free port, real routes from routes/.
 */
@CamelSpringBootTest
// Metrics export on (tests disable it by default): /actuator/prometheus is part of what the tests check.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Inlined test properties outrank ./application.yaml (which Boot also reads from the working directory).
        properties = {
            "spring.artemis.embedded.persistent=false",
            "sync.admin.password=" + SyncTestSupport.ADMIN_PASSWORD,
            "spring.artemis.user=" + TestBroker.SERVICE_USER,
            "spring.artemis.password=" + TestBroker.SERVICE_PASSWORD,
            "sync.broker.producer.username=" + TestBroker.PRODUCER_USER,
            "sync.broker.producer.password=" + TestBroker.PRODUCER_PASSWORD,
            "sync.broker.triggers-consumer.username=" + TestBroker.TRIGGERS_USER,
            "sync.broker.triggers-consumer.password=" + TestBroker.TRIGGERS_PASSWORD,
            "camel.main.routes-include-pattern=classpath:routes/*.camel.yaml,classpath:test-routes/*.camel.yaml",
            "logging.level.org.apache.camel=WARN",
            // Not org.apache.activemq: the broker's log levels (audit trail off) are those of application.yaml.
            // Outbound retries: fast backoff (100, 200, 400 ms) so the exhausted-retries test stays short.
            "sync.outbound.retry.max-redeliveries=3",
            "sync.outbound.retry.initial-delay-ms=100",
            // Salesforce requests time out after 4 s (default 60 s), so the timeout test stays short.
            "camel.component.salesforce.http-request-timeout=4000",
            // Bulk results pages of 10,000 records, so that the Bulk import test reads several pages.
            "sync.inbound.import.page-size=10000",
            // After a timeout the retry waits 4 s, so the emulator's slow request (6 s) has landed when it reconciles.
            "sync.outbound.retry.timeout-delay-ms=4000",
            // API budget: a held-back batch or import sees the allowance recover within a few hundred ms.
            "sync.salesforce.api-recheck-interval=300ms",
            "sync.salesforce.api-recheck-poll-ms=100",
            "sync.salesforce.api-slow-batch-interval=1s",
            // Salesforce unavailable: a waiting batch tries again within a few hundred ms.
            "sync.salesforce.unavailable-recheck-interval=300ms",
        })
@ActiveProfiles(resolver = TestProfiles.class)
public abstract class SyncTestSupport {

    public static final String ADMIN_PASSWORD = "test-secret";
    protected static final int BROKER_PORT = TestSocketUtils.findAvailableTcpPort();
    /** The emulated Salesforce org, started once per JVM; the service's camel-salesforce component logs in to it. */
    protected static final SalesforceEmulator SALESFORCE = SalesforceEmulator.start(EmulatorConfig.forTests());

    @DynamicPropertySource
    static void sharedProperties(DynamicPropertyRegistry registry) {
        registry.add("sync.broker.port", () -> BROKER_PORT);
        // A benchmark may point the service at an emulated org in its own process (see InitialImportBenchmarkTest).
        registry.add("camel.component.salesforce.login-url",
                () -> System.getProperty("sync.test.salesforce-url", SALESFORCE.baseUrl()));
        registry.add("camel.component.salesforce.client-id", () -> SALESFORCE.config().clientId());
        registry.add("camel.component.salesforce.client-secret", () -> SALESFORCE.config().clientSecret());
        registry.add("camel.component.salesforce.user-name", () -> SALESFORCE.config().username());
        registry.add("camel.component.salesforce.password", () -> SALESFORCE.config().password());
        if (TestProfiles.postgres()) {
            registry.add("spring.datasource.url", () -> System.getProperty("sync.test.postgres-url",
                    "jdbc:postgresql://127.0.0.1:5432/sync_test"));
        } else {
            // One in-memory database per JVM, shared by every test on the cached context; a benchmark whose data
            // outgrows the heap uses a file database (sync.test.h2-url), as production does.
            registry.add("spring.datasource.url", () -> System.getProperty("sync.test.h2-url",
                    "jdbc:h2:mem:sync-test;DB_CLOSE_DELAY=-1"));
        }
    }
}
