package io.conversion.sync.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing twice, through a SIGKILL: the packaged service runs as its own process on its default
 * crash-safe parts (H2 file database with every commit written before it is acknowledged, persistent embedded
 * broker; or PostgreSQL under {@code -Dsync.test.db=postgres}) against the emulated org in another process. It is
 * killed with {@code kill -9} in the middle of a burst, started again on the same data, and every record is then
 * counted at the other end. Run by {@code mvn -B test -Pfault} after {@code mvn -B package -DskipTests} (.ci/run).
 */
@Tag("fault")
class KillDuringBurstFaultTest extends FaultTestSupport {

    private static final int OUTBOUND_CONTACTS = 1_500;
    private static final int INBOUND_LEADS = 4_000;

    @Test
    void a_service_killed_during_an_outbound_burst_and_again_during_field_updates_loses_and_repeats_nothing()
            throws Exception {
        List<String> emails = IntStream.range(0, OUTBOUND_CONTACTS).mapToObj(i -> "burst" + i + "@fault.example")
                .toList();
        publish(emails); // committed sends: the broker has them all
        // Killed while it sends them: once the first Leads exist in Salesforce.
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(50)).until(() -> !leadsByEmail().isEmpty());
        long beforeKill = leadsByEmail().size();
        service.kill9();

        Instant ready = service.start();
        // The dashboard first: reading every Lead from the org on each poll would take CPU from the drain measured.
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(() -> service.get("/api/dashboard")
                .path("outbound").path("pending").asLong() == 0 && leadsByEmail().size() == OUTBOUND_CONTACTS);
        Instant drained = Instant.now();
        double recovery = seconds(ready, drained);
        double sinceLaunch = seconds(service.launched(), drained);

        Map<String, Integer> leads = leadsByEmail();
        long duplicated = leads.values().stream().mapToInt(n -> n - 1).sum();
        JsonNode outbound = service.get("/api/dashboard").path("outbound");
        System.out.printf("FAULT outbound kill -9 (%s): sent %d, in Salesforce before the kill %d, lost %d, "
                + "duplicated %d, failed %d, dead letters %d, backlog drained %.1f s after the restarted service was "
                + "ready (%.1f s after its process started)%n",
                Databases.name(), OUTBOUND_CONTACTS, beforeKill, OUTBOUND_CONTACTS - leads.size(), duplicated,
                outbound.path("failed").asLong(), outbound.path("deadLetters").asLong(), recovery, sinceLaunch);
        assertThat(beforeKill).as("killed in the middle of the burst").isLessThan(OUTBOUND_CONTACTS);
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(duplicated).as("Leads created twice").isZero();
        assertThat(outbound.path("failed").asLong()).isZero();
        assertThat(outbound.path("deadLetters").asLong()).isZero();

        killDuringFieldUpdates(emails);
    }

    /**
     * The second scenario on the same org (one set-up less for CI): the Leads of the first exist and are linked; every
     * contact's title changes (ALWAYS_CONVERSION: each update is sent), and the service is killed while the update
     * batches are being sent.
     */
    private void killDuringFieldUpdates(List<String> emails) throws Exception {
        service.put("/api/settings/fields/Lead/Title", "{\"mode\": \"ALWAYS_CONVERSION\"}");
        String title = "Title after the kill";
        publishUpdates(emails, title);
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(50)).until(() -> titled(title) > 0);
        long beforeKill = titled(title);
        service.kill9();

        Instant ready = service.start();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(() -> service.get("/api/dashboard")
                .path("outbound").path("updatesPending").asLong() == 0 && titled(title) == OUTBOUND_CONTACTS);
        Instant drained = Instant.now();

        JsonNode outbound = service.get("/api/dashboard").path("outbound");
        Map<String, Integer> leads = leadsByEmail();
        long duplicated = leads.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("FAULT outbound updates kill -9 (%s): updates sent %d, in Salesforce before the kill %d, "
                + "lost %d, Leads duplicated %d, failed %d, dead letters %d, backlog drained %.1f s after the "
                + "restarted service was ready (%.1f s after its process started)%n", Databases.name(),
                OUTBOUND_CONTACTS, beforeKill, OUTBOUND_CONTACTS - titled(title), duplicated,
                outbound.path("updatesFailed").asLong(), outbound.path("deadLetters").asLong(), seconds(ready, drained),
                seconds(service.launched(), drained));
        assertThat(beforeKill).as("killed in the middle of the updates").isLessThan(OUTBOUND_CONTACTS);
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(duplicated).as("Leads created twice").isZero();
        assertThat(outbound.path("updatesFailed").asLong()).isZero();
        assertThat(outbound.path("deadLetters").asLong()).isZero();
    }

    @Test
    void a_service_killed_during_an_inbound_burst_applies_every_change_exactly_once_after_its_restart()
            throws Exception {
        org.control("POST", "seed", "{\"leads\": " + INBOUND_LEADS + ", \"events\": true}");
        String last = "lead." + (INBOUND_LEADS - 1) + "@company-" + (INBOUND_LEADS - 1) + ".example.com";
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(20)).until(() -> appliedReplayId() > 0);
        boolean lastBeforeKill = hasContact(last);
        service.kill9();
        assertThat(lastBeforeKill).as("killed in the middle of the burst").isFalse();

        Instant ready = service.start();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(() -> hasContact(last)
                && service.get("/api/dashboard").path("inbound").path("queued").asLong() == 0);
        Instant caughtUp = Instant.now();
        double recovery = seconds(ready, caughtUp);
        double sinceLaunch = seconds(service.launched(), caughtUp);
        service.stop(); // H2 allows one process: read the database once the service is down

        Map<String, Long> counts = inboundCounts();
        System.out.printf("FAULT inbound kill -9 (%s): Lead creates %d, contacts %d, lost %d, applied twice %d, "
                + "failed %d, caught up %.1f s after the restarted service was ready (%.1f s after its process "
                + "started)%n", Databases.name(), INBOUND_LEADS,
                counts.get("contacts"), INBOUND_LEADS - counts.get("contacts"), counts.get("twice"),
                counts.get("failed"), recovery, sinceLaunch);
        assertThat(counts.get("contacts")).as("contacts of the seeded Leads").isEqualTo(INBOUND_LEADS);
        assertThat(counts.get("leads")).as("Leads linked").isEqualTo(INBOUND_LEADS);
        assertThat(counts.get("twice")).as("Leads applied twice").isZero();
        assertThat(counts.get("failed")).isZero();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Leads of this test's domain whose Title is this one. */
    private long titled(String title) throws Exception {
        long n = 0;
        for (JsonNode lead : org.records("Lead")) {
            if (lead.path("Email").asText("").endsWith("@fault.example") && title.equals(lead.path("Title").asText())) {
                n++;
            }
        }
        return n;
    }
}
