package io.conversion.sync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.Application;
import io.conversion.sync.TestBroker;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.emulator.EmulatorConfig;
import io.conversion.sync.emulator.SalesforceEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * The service starts while Salesforce does not answer (nothing listens on its port): HTTP, broker and queue consumers
 * are up, health shows {@code salesforce} DOWN with the reason, a new contact waits PENDING with it; once the org
 * answers, the subscriptions come up by themselves and the contact is sent; later the access token expires while
 * streaming and the stream logs in again without losing an event (with the default lazy login; see
 * {@link StartTolerantSalesforceComponent}). Its own Spring context and its own
 * emulated org (the shared one of SyncTestSupport is always up); H2 in memory whatever the suite's database.
 */
@CamelSpringBootTest
// Closed afterwards: its routes would otherwise stay subscribed to an org no other test uses.
@DirtiesContext
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.artemis.embedded.persistent=false",
            "sync.admin.password=" + StartWithoutSalesforceTest.PASSWORD,
            "spring.artemis.user=" + TestBroker.SERVICE_USER,
            "spring.artemis.password=" + TestBroker.SERVICE_PASSWORD,
            "sync.broker.producer.username=" + TestBroker.PRODUCER_USER,
            "sync.broker.producer.password=" + TestBroker.PRODUCER_PASSWORD,
            "sync.broker.triggers-consumer.username=" + TestBroker.TRIGGERS_USER,
            "sync.broker.triggers-consumer.password=" + TestBroker.TRIGGERS_PASSWORD,
            "camel.main.routes-include-pattern=classpath:routes/*.camel.yaml",
            "logging.level.org.apache.camel=WARN",
            "spring.datasource.url=jdbc:h2:mem:sync-start-without-salesforce;DB_CLOSE_DELAY=-1",
            "sync.outbound.retry.max-redeliveries=2",
            "sync.outbound.retry.initial-delay-ms=100",
            "sync.salesforce.unavailable-recheck-interval=500ms",
            "camel.routecontroller.back-off-delay=500",
            "camel.routecontroller.back-off-max-delay=2000",
        })
class StartWithoutSalesforceTest {

    static final String PASSWORD = "test-secret";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SALESFORCE_PORT = TestSocketUtils.findAvailableTcpPort();
    /** Not started yet: the service's start finds nothing listening there. */
    private static final SalesforceEmulator SALESFORCE =
            new SalesforceEmulator(EmulatorConfig.forTests().port(SALESFORCE_PORT));

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ContactRepository contacts;
    @Autowired
    ActivityLog activity;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sync.broker.port", TestSocketUtils::findAvailableTcpPort);
        registry.add("camel.component.salesforce.login-url", () -> "http://localhost:" + SALESFORCE_PORT);
        registry.add("camel.component.salesforce.client-id", () -> SALESFORCE.config().clientId());
        registry.add("camel.component.salesforce.client-secret", () -> SALESFORCE.config().clientSecret());
        registry.add("camel.component.salesforce.user-name", () -> SALESFORCE.config().username());
        registry.add("camel.component.salesforce.password", () -> SALESFORCE.config().password());
    }

    @AfterAll
    static void stopSalesforce() {
        SALESFORCE.stop();
    }

    @Test
    void starts_without_salesforce_reports_it_down_with_the_reason_connects_once_it_answers_and_survives_token_expiry() {
        // Started: the API answers, and health names Salesforce as the reason it is DOWN.
        JsonNode down = await().atMost(WAIT).until(this::salesforceHealth,
                h -> "DOWN".equals(h.path("status").asText()));
        assertThat(down.path("details").path("reason").asText()).contains("no connection to localhost:"
                + SALESFORCE_PORT);
        // Ready all the same (its routes run: contacts are taken and wait), and the probe needs no login.
        assertThat(rest.getForObject("/actuator/health/readiness", JsonNode.class).path("status").asText())
                .isEqualTo("UP");
        assertThat(admin().getForEntity("/api/settings/sync", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        // A new contact (API → queue → intake) is stored and waits with the reason, never FAILED.
        String email = "jane@start-without-salesforce.example";
        assertThat(admin().postForEntity("/api/contacts", Map.of("email", email, "lastName", "Doe",
                "company", "Acme"), String.class).getStatusCode().is2xxSuccessful()).isTrue();
        Contact waiting = await().atMost(WAIT).until(() -> contacts.findByEmail(email).orElse(null),
                c -> c != null && c.syncError() != null);
        assertThat(waiting.syncStatus()).isEqualTo(Contact.SyncStatus.PENDING);
        assertThat(waiting.syncError()).startsWith("SALESFORCE_UNAVAILABLE");

        // Salesforce answers: the subscriptions come up by themselves, changes flow in, the contact goes out.
        // camel-salesforce keeps replay ids in one JVM-wide extension: the suite's other context (another org) may
        // have left its own there, which this org would reject. A first start replays every retained event.
        for (String channel : List.of("/data/LeadChangeEvent", "/data/ContactChangeEvent", "/data/AccountChangeEvent")) {
            StreamingAccess.setReplayId(channel, -2);
        }
        SALESFORCE.start();
        await().atMost(WAIT).until(() -> SALESFORCE.awaitSubscription("/data/LeadChangeEvent", Duration.ofMillis(100)));
        String leadEmail = "john@start-without-salesforce.example";
        String leadId = SALESFORCE.org().create("Lead", Map.of("LastName", "Roe", "Company", "Acme", "Email", leadEmail));
        await().atMost(WAIT).until(() -> contacts.findByEmail(leadEmail).isPresent());
        Contact synced = await().atMost(WAIT).until(() -> contacts.findByEmail(email).orElseThrow(),
                c -> c.syncStatus() == Contact.SyncStatus.SYNCED);
        assertThat(synced.sfLeadId()).isNotNull();
        assertThat(synced.syncError()).isNull();
        assertThat(SALESFORCE.org().all("Lead")).filteredOn(l -> email.equals(l.get("Email"))).hasSize(1);
        JsonNode up = salesforceHealth();
        assertThat(up.path("status").asText()).isEqualTo("UP");
        assertThat(up.path("details").path("state").asText()).isEqualTo("UP");

        // One activity entry for the outage, however many attempts it took, and one when it ended.
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, null,
                "SALESFORCE_UNAVAILABLE", 50))).hasSize(1);
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.APPLIED, null, null,
                "SALESFORCE_AVAILABLE", 50))).hasSize(1);

        // Later the access token expires while streaming (CometD 401, then a 403 handshake): the stream logs in
        // again by itself, and neither the change made meanwhile nor the next one is lost.
        SALESFORCE.expireTokens();
        SALESFORCE.org().update("Lead", leadId, Map.of("Title", "After Expiry"));
        String afterExpiry = "june@start-without-salesforce.example";
        SALESFORCE.org().create("Lead", Map.of("LastName", "Poe", "Company", "Acme", "Email", afterExpiry));
        // camel-salesforce's re-handshake races its own CometD client (IllegalStateException "Invalid state ..." on
        // its worker threads): its noise, not a lost event; what counts is what arrives.
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> contacts.findByEmail(afterExpiry).isPresent());
        await().atMost(WAIT).dontCatchUncaughtExceptions()
                .until(() -> "After Expiry".equals(contacts.findByEmail(leadEmail).orElseThrow().title()));
        assertThat(activity.find(new ActivityQuery(null, null, leadId, null, null, 50)))
                .filteredOn(a -> "CREATED".equals(a.action())).hasSize(1);
    }

    private JsonNode salesforceHealth() {
        return admin().getForObject("/actuator/health", JsonNode.class).path("components").path("salesforce");
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", PASSWORD);
    }
}
