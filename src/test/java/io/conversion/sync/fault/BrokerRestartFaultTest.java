package io.conversion.sync.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.JMSContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The external broker ({@code SYNC_BROKER_MODE=native}; {@link BrokerMain} as its own process, persistent journal)
 * killed with {@code kill -9} in the middle of a burst of new contacts, while a producer is still publishing and the
 * service is consuming, then started again on the same journal: every contact is created in Salesforce exactly once,
 * nothing is dead-lettered, nothing fails; the service's consumers reconnect by themselves.
 */
@Tag("fault")
class BrokerRestartFaultTest extends FaultTestSupport {

    /** On PostgreSQL only, with the external broker as in production: what it proves is the broker's, not the database's. */
    @BeforeAll
    static void onPostgresOnly() {
        Assumptions.assumeTrue(Databases.postgres(), "PostgreSQL only: the fault is the broker's, not the database's");
    }

    private static final int CONTACTS = 1_500;
    private static final int BATCH = 25;
    private static final Duration BROKER_DOWN = Duration.ofSeconds(5);
    private BrokerProcess broker;

    @Override
    void beforeService() throws Exception {
        broker = new BrokerProcess(dir.resolve("broker"));
        broker.start();
    }

    @Override
    String[] serviceArgs() {
        return new String[] {"--spring.artemis.mode=native", "--spring.artemis.broker-url=" + broker.url()};
    }

    @Override
    int brokerPort() {
        return broker.port;
    }

    @Override
    void afterService() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_broker_killed_during_a_burst_loses_no_contact_and_creates_none_twice_after_its_restart()
            throws Exception {
        List<String> emails = IntStream.range(0, CONTACTS).mapToObj(i -> "restart" + i + "@fault.example")
                .toList();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger publishFailures = new AtomicInteger();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(
                () -> publishRetrying(emails, committed, publishFailures));

        // Killed once the service is consuming the burst, while the producer is still publishing it: messages in
        // the producer's open transaction, in the queue, and in the consumers' open transactions.
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(20))
                .until(() -> committed.get() >= CONTACTS / 4 && hasContact(emails.get(0)));
        broker.kill9();
        int publishedAtKill = committed.get();
        long inSalesforceAtKill = leadsByEmail().size();
        Thread.sleep(BROKER_DOWN.toMillis());
        broker.start();
        Instant restarted = Instant.now();

        producer.get(2, TimeUnit.MINUTES);
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            JsonNode outbound = service.get("/api/dashboard").path("outbound");
            return leadsByEmail().size() == CONTACTS && outbound.path("pending").asLong() == 0;
        });
        double recovery = Duration.between(restarted, Instant.now()).toMillis() / 1000.0;

        Map<String, Integer> leads = leadsByEmail();
        long duplicated = leads.values().stream().mapToInt(n -> n - 1).sum();
        JsonNode outbound = service.get("/api/dashboard").path("outbound");
        System.out.printf("FAULT broker kill -9 (%s, external broker): sent %d (%d committed at the kill, %d publish "
                + "retries), in Salesforce at the kill %d, created %d, lost %d, duplicated %d, failed %d, dead letters "
                + "%d, backlog drained %.1f s after the broker restart (down %d s)%n", Databases.name(), CONTACTS,
                publishedAtKill, publishFailures.get(), inSalesforceAtKill, leads.size(), CONTACTS - leads.size(),
                duplicated, outbound.path("failed").asLong(), outbound.path("deadLetters").asLong(), recovery,
                BROKER_DOWN.toSeconds());
        assertThat(publishedAtKill).as("killed in the middle of the burst").isLessThan(CONTACTS);
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(duplicated).as("Leads created twice").isZero();
        assertThat(outbound.path("failed").asLong()).isZero();
        assertThat(outbound.path("deadLetters").asLong()).as("dead letters").isZero();
    }

    /**
     * A producer as Conversion's would be: batches of 25 in a transaction, 200 ms apart; a batch whose commit failed
     * (broker gone) is sent again once the broker answers, so it may arrive twice (the intake keeps one per email).
     */
    private void publishRetrying(List<String> emails, AtomicInteger committed, AtomicInteger failures) {
        Instant deadline = Instant.now().plus(RECOVERY);
        while (committed.get() < emails.size() && Instant.now().isBefore(deadline)) {
            try (var cf = new ActiveMQConnectionFactory(broker.url(), ServiceProcess.PRODUCER_USER,
                    ServiceProcess.PRODUCER_PASSWORD); JMSContext ctx = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
                var queue = ctx.createQueue("conversion.contacts.created");
                var producer = ctx.createProducer();
                while (committed.get() < emails.size()) {
                    int from = committed.get();
                    for (int i = from; i < Math.min(from + BATCH, emails.size()); i++) {
                        producer.send(queue, "{\"email\":\"" + emails.get(i) + "\",\"lastName\":\"Restart " + i
                                + "\",\"company\":\"Fault\",\"source\":\"FORM\"}");
                    }
                    ctx.commit();
                    committed.set(Math.min(from + BATCH, emails.size()));
                    Thread.sleep(200);
                }
            } catch (Exception brokerGone) {
                failures.incrementAndGet();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
