package io.conversion.sync.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The org's daily API limit used up, the packaged service and the emulated org each in their own process: new
 * contacts wait PENDING with the reason (none FAILED, nothing dead-lettered), and go by themselves once the rolling
 * 24 h window frees the allowance (the emulator's usage clock is moved on). Run with the fault suite
 * ({@code mvn -B test -Pfault} after {@code mvn -B package -DskipTests}).
 */
@Tag("fault")
class ApiLimitFaultTest extends FaultTestSupport {

    /** On H2 only: the limit is Salesforce's, the waits it causes are the same rows on either database. */
    @BeforeAll
    static void onH2Only() {
        Assumptions.assumeFalse(Databases.postgres(), "H2 only: the fault is Salesforce's, not the database's");
    }

    private static final int CONTACTS = 500;

    @Override
    String[] serviceArgs() {
        // A shorter recheck than the 1 min default, so that the recovery below takes seconds.
        return new String[] {"--sync.salesforce.api-recheck-interval=5s"};
    }

    @Test
    void with_the_daily_limit_used_up_contacts_wait_pending_with_the_reason_and_sync_once_the_window_frees_it()
            throws Exception {
        org.control("POST", "limits", "{\"remaining\": 0}");
        List<String> emails = IntStream.range(0, CONTACTS).mapToObj(i -> "spent" + i + "@fault.example").toList();
        publish(emails);

        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode d = service.get("/api/dashboard");
            return d.path("outbound").path("pending").asLong() == CONTACTS
                    && "EXHAUSTED".equals(d.path("salesforceApi").path("state").asText());
        });
        // Held for two rechecks of the limits (each refused): still nothing sent, nothing failed.
        long rechecks = org.control("GET", "stats", null).path("byOperation").path("limits").asLong();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).until(() ->
                org.control("GET", "stats", null).path("byOperation").path("limits").asLong() >= rechecks + 2);
        JsonNode held = service.get("/api/dashboard").path("outbound");
        JsonNode contact = service.get("/api/contacts?email=" + emails.get(CONTACTS - 1));
        JsonNode health = service.get("/actuator/health").path("components").path("salesforceApi").path("details");
        assertThat(held.path("pending").asLong()).isEqualTo(CONTACTS);
        assertThat(held.path("failed").asLong()).isZero();
        assertThat(held.path("deadLetters").asLong()).isZero();
        assertThat(contact.path("syncStatus").asText()).isEqualTo("PENDING");
        assertThat(contact.path("syncError").asText()).startsWith("API_LIMIT_EXCEEDED");
        assertThat(health.path("remaining").asLong()).isZero();
        assertThat(leadsByEmail()).isEmpty();

        // 24 h after they were made, the calls that used the allowance up roll out of the window.
        org.control("POST", "limits", "{\"advanceWindowMinutes\": " + (24 * 60 + 1) + "}");
        Instant reset = Instant.now();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(() -> leadsByEmail().size() == CONTACTS
                && service.get("/api/dashboard").path("outbound").path("pending").asLong() == 0);
        double recovery = Duration.between(reset, Instant.now()).toMillis() / 1000.0;

        Map<String, Integer> leads = leadsByEmail();
        long duplicated = leads.values().stream().mapToInt(n -> n - 1).sum();
        JsonNode outbound = service.get("/api/dashboard").path("outbound");
        System.out.printf("FAULT daily API limit used up (%s): sent %d, created while exhausted 0, lost %d, "
                + "duplicated %d, failed %d, dead letters %d, synced %.1f s after the window freed the allowance%n",
                Databases.name(), CONTACTS, CONTACTS - leads.size(), duplicated, outbound.path("failed").asLong(),
                outbound.path("deadLetters").asLong(), recovery);
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(duplicated).isZero();
        assertThat(outbound.path("failed").asLong()).isZero();
        assertThat(outbound.path("deadLetters").asLong()).isZero();
        assertThat(service.get("/api/contacts?email=" + emails.get(0)).path("syncError").isMissingNode()).isTrue();
    }
}
