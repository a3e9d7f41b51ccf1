package io.conversion.sync.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Salesforce's REST API answers 503 for two minutes ({@code -Dsync.fault.outage-seconds}, default 120) while change
 * events keep arriving over CometD and new contacts keep coming: Lead updates that need a re-read (records never
 * synced) wait, and so does the stream behind them; creates before them are applied; new contacts wait PENDING with
 * the reason. After the outage everything is applied and sent: nothing FAILED, lost or duplicated. H2 only (the
 * outage is Salesforce's; the database does not matter), to keep the PostgreSQL fault run short.
 */
@Tag("fault")
class SalesforceOutageFaultTest extends FaultTestSupport {

    /** Before any process is started: the skipped run costs nothing. */
    @BeforeAll
    static void onH2Only() {
        Assumptions.assumeFalse(Databases.postgres(), "H2 only: the outage is Salesforce's, not the database's");
    }

    private static final int OUTAGE_SECONDS = Integer.getInteger("sync.fault.outage-seconds", 120);
    private static final int UPDATED_LEADS = 100;
    private static final int CREATED_LEADS = 300;
    private static final int CONTACTS = 300;

    @Override
    String[] serviceArgs() {
        return new String[] {"--sync.salesforce.unavailable-recheck-interval=5s"};
    }

    @Test
    void during_a_salesforce_outage_nothing_fails_and_everything_is_applied_and_sent_once_it_answers()
            throws Exception {
        // Leads Conversion never saw (no change events): an update of one needs a re-read of the whole record.
        org.control("POST", "seed", "{\"leads\": " + UPDATED_LEADS + ", \"events\": false}");
        List<String> seeded = new ArrayList<>();
        for (JsonNode lead : org.records("Lead")) {
            seeded.add(lead.path("Id").asText());
        }

        org.control("POST", "faults/outage", "{\"seconds\": " + OUTAGE_SECONDS + "}");
        Instant outageStart = Instant.now();
        List<String> emails = IntStream.range(0, CONTACTS).mapToObj(i -> "outage" + i + "@fault.example").toList();
        publish(emails);
        for (int i = 0; i < CREATED_LEADS; i++) {
            if (i == CREATED_LEADS / 2) {
                for (String id : seeded) {
                    org.control("PATCH", "records/Lead/" + id, "{\"Title\": \"Updated During The Outage\"}");
                }
            }
            org.control("POST", "records/Lead", "{\"LastName\": \"Outage " + i + "\", \"Company\": \"Fault\", "
                    + "\"Email\": \"created" + i + "@outage.example.com\"}");
        }

        // During the outage: contacts wait with the reason, health says why, nothing failed. (A 404 for the last
        // contact: the intake has not stored it yet; asked again.)
        await().atMost(Duration.ofSeconds(OUTAGE_SECONDS)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() ->
                "DOWN".equals(service.health().path("components").path("salesforce")
                        .path("status").asText())
                && service.get("/api/contacts?email=" + emails.get(CONTACTS - 1)).path("syncError").asText()
                        .startsWith("SALESFORCE_UNAVAILABLE"));
        JsonNode during = service.get("/api/dashboard").path("outbound");
        assertThat(during.path("failed").asLong()).isZero();
        assertThat(leadsByEmail()).isEmpty();

        Instant outageEnd = outageStart.plusSeconds(OUTAGE_SECONDS);
        await().atMost(Duration.ofSeconds(OUTAGE_SECONDS + 60)).pollInterval(Duration.ofMillis(250)).until(() ->
                Instant.now().isAfter(outageEnd) && leadsByEmail().size() == CONTACTS
                        && service.get("/api/dashboard").path("outbound").path("pending").asLong() == 0
                        && hasContact("created" + (CREATED_LEADS - 1) + "@outage.example.com")
                        && service.get("/api/dashboard").path("inbound").path("queued").asLong() == 0
                        && updatedContacts() == UPDATED_LEADS);
        double recovery = Math.max(0, Duration.between(outageEnd, Instant.now()).toMillis() / 1000.0);
        assertThat(service.health().path("components").path("salesforce").path("status").asText()).isEqualTo("UP");
        JsonNode outbound = service.get("/api/dashboard").path("outbound");
        Map<String, Integer> leads = leadsByEmail();
        long duplicated = leads.values().stream().mapToInt(n -> n - 1).sum();
        service.stop(); // H2 allows one process: read the database once the service is down

        long created;
        long updated;
        long twice;
        long failed;
        try (Connection c = DriverManager.getConnection(service.jdbcUrl(), Databases.user(), "")) {
            created = single(c, "select count(*) from contact where email like 'created%@outage.example.com'");
            updated = single(c, "select count(*) from contact where title = 'Updated During The Outage'");
            twice = single(c, "select count(*) - count(distinct a.sf_id || a.replay_id) from sync_activity a "
                    + "where a.direction = 'INBOUND' and a.outcome = 'APPLIED' and a.replay_id is not null");
            failed = single(c, "select count(*) from sync_activity where outcome = 'FAILED' "
                    + "and reason <> 'SALESFORCE_UNAVAILABLE'");
        }
        System.out.printf("FAULT Salesforce 503 for %d s (%s): inbound %d creates + %d updates needing re-reads, "
                + "applied %d + %d; outbound sent %d, in Salesforce %d; lost %d, duplicated %d (inbound twice %d), "
                + "failed %d, dead letters %d; everything applied and sent %.1f s after the outage ended%n",
                OUTAGE_SECONDS, Databases.name(), CREATED_LEADS, UPDATED_LEADS, created, updated, CONTACTS,
                leads.size(), CONTACTS - leads.size() + CREATED_LEADS - created + UPDATED_LEADS - updated,
                duplicated, twice, failed + outbound.path("failed").asLong(), outbound.path("deadLetters").asLong(),
                recovery);
        assertThat(created).isEqualTo(CREATED_LEADS);
        assertThat(updated).isEqualTo(UPDATED_LEADS);
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(duplicated).isZero();
        assertThat(twice).isZero();
        assertThat(failed).isZero();
        assertThat(outbound.path("failed").asLong()).isZero();
        assertThat(outbound.path("deadLetters").asLong()).isZero();
    }

    private long updatedContacts() throws Exception {
        // Counted through the API while the service runs: the seeded Leads' contacts carry the new title.
        long n = 0;
        for (int i = 0; i < UPDATED_LEADS; i++) {
            String email = "lead." + i + "@company-" + i + ".example.com";
            try {
                if ("Updated During The Outage".equals(service.get("/api/contacts?email=" + email).path("title")
                        .asText())) {
                    n++;
                }
            } catch (IllegalStateException notFound) {
                return n;
            }
        }
        return n;
    }
}
