package io.conversion.sync.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database unreachable for 30 s in the middle of an outbound and an inbound burst (a TCP proxy in front of
 * PostgreSQL, cut and restored): nothing is lost, nothing is dead-lettered, nothing is applied twice; the service
 * waits and carries on by itself. PostgreSQL only ({@code -Pfault -Ppostgres}): the default H2 runs in the service's
 * own process and cannot be cut off from it.
 */
@Tag("fault")
class DatabaseOutageFaultTest extends FaultTestSupport {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private TcpProxy proxy;

    @Override
    String databaseUrl() throws Exception {
        Assumptions.assumeTrue(Databases.postgres(), "the database outage is cut at a PostgreSQL server's port");
        String url = Databases.fresh();
        proxy = new TcpProxy("127.0.0.1", 5432);
        return url.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port);
    }

    @AfterEach
    void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void thirty_seconds_without_the_database_during_both_bursts_lose_nothing_and_dead_letter_nothing()
            throws Exception {
        List<String> emails = IntStream.range(0, 1_000).mapToObj(i -> "outage" + i + "@fault.example").toList();
        int leads = 2_000;
        publish(emails);
        org.control("POST", "seed", "{\"leads\": " + leads + ", \"events\": true}");
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(50))
                .until(() -> !leadsByEmail().isEmpty() && appliedReplayId() > 0);

        proxy.cut();
        Thread.sleep(OUTAGE.toMillis());
        proxy.restore();
        Instant restored = Instant.now();

        String last = "lead." + (leads - 1) + "@company-" + (leads - 1) + ".example.com";
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250))
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() < 300) {
                        System.out.println("FAULT state at timeout: " + state());
                    }
                }).until(() -> {
                    JsonNode dashboard = service.get("/api/dashboard");
                    return leadsByEmail().size() == emails.size()
                            && dashboard.path("outbound").path("pending").asLong() == 0 && hasContact(last)
                            && dashboard.path("inbound").path("queued").asLong() == 0;
                });
        double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
        JsonNode outbound = service.get("/api/dashboard").path("outbound");
        Map<String, Integer> created = leadsByEmail();
        long duplicated = created.values().stream().mapToInt(n -> n - 1).sum();
        service.stop();
        Map<String, Long> inbound = inboundCounts();

        System.out.printf("FAULT database cut %d s (%s): outbound sent %d, created %d, duplicated %d, failed %d, "
                + "dead letters %d; inbound %d Lead creates, %d contacts, applied twice %d, failed %d; caught up "
                + "%.1f s after the database was back%n", OUTAGE.toSeconds(), Databases.name(), emails.size(),
                created.size(), duplicated, outbound.path("failed").asLong(), outbound.path("deadLetters").asLong(),
                leads, inbound.get("contacts"), inbound.get("twice"), inbound.get("failed"), recovery);
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(duplicated).isZero();
        assertThat(outbound.path("failed").asLong()).isZero();
        assertThat(outbound.path("deadLetters").asLong()).as("nothing dead-lettered for the outage").isZero();
        assertThat(inbound.get("contacts")).isEqualTo(leads);
        assertThat(inbound.get("twice")).isZero();
        assertThat(inbound.get("failed")).isZero();
    }

    private String state() {
        try {
            return "leads created " + leadsByEmail().size() + ", dashboard " + service.get("/api/dashboard");
        } catch (Exception e) {
            return e.toString();
        }
    }
}
