package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Contacts of one new domain arriving together, through several producers and consumers, while extra batch
 * workers (standing in for other nodes) compete with this node's: exactly one Account for the domain.
 */
class OutboundConcurrencyTest extends OutboundTestSupport {

    @Autowired
    ContactOutbox outbox;

    @Autowired
    ProducerTemplate template;

    @Autowired
    Clock clock;

    @Test
    void contacts_of_one_new_domain_arriving_together_create_exactly_one_account() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("rush");
        List<String> emails = IntStream.range(0, 30).mapToObj(i -> "p" + i + "@" + domain).toList();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            // Two other "nodes": batch workers claiming small batches, so many batches need the new domain at once.
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        String claim = UUID.randomUUID().toString();
                        if (outbox.claim(claim, 3, clock.instant().minusSeconds(300)) > 0) {
                            template.send("direct:outbound-sync-batch", ex -> {
                                ex.setProperty("outboundClaim", claim);
                                ex.getMessage().setHeader("Sforce-Call-Options", "client=conversion-sync");
                            });
                        }
                        Thread.onSpinWait();
                    }
                    return null;
                }));
            }
            // Three producers at once: two JMS, one STOMP.
            List<Future<?>> producers = List.of(
                    pool.submit(() -> {
                        publishJms(emails.subList(0, 10).stream().map(e -> message(e, "Rush")).toList());
                        return null;
                    }),
                    pool.submit(() -> {
                        publishJms(emails.subList(10, 20).stream().map(e -> message(e, "Rush")).toList());
                        return null;
                    }),
                    pool.submit(() -> {
                        for (String e : emails.subList(20, 30)) {
                            publishStomp(message(e, "Rush"));
                        }
                        return null;
                    }));
            for (Future<?> p : producers) {
                p.get(60, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> contacts
                    .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == 30);
            running.set(false);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            pool.shutdownNow();
        }

        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
        List<Contact> synced = contacts.findByEmails(emails);
        String accountId = (String) sfRecords("Account", "Website", domain).get(0).get("Id");
        assertThat(synced).extracting(Contact::sfAccountId).containsOnly(accountId);
        assertThat(synced).extracting(Contact::companyId).containsOnly(synced.get(0).companyId());
        assertThat(sfRecords("Contact", "AccountId", accountId)).hasSize(30);
    }
}
