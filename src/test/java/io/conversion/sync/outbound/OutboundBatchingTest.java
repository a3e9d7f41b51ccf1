package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.inbound.InboundMirror;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Efficiency: 1,000 new contacts (createAs CONTACT, matching and Account creation on, 50 new domains) reach
 * Salesforce in batches of up to 200: per batch one domain SOQL, one lookup of its emails (match before create),
 * one Accounts call, one Contacts call.
 */
class OutboundBatchingTest extends OutboundTestSupport {

    static final int CONTACTS = 1000;
    static final int DOMAINS = 50;

    @Autowired
    InboundMirror mirror;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void a_thousand_new_contacts_cost_at_most_twenty_salesforce_api_calls() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        List<String> domains = IntStream.range(0, DOMAINS).mapToObj(i -> uniqueDomain("bulk" + i)).toList();
        List<String> emails = IntStream.range(0, CONTACTS)
                .mapToObj(i -> "c" + i + "@" + domains.get(i % DOMAINS)).toList();
        // Earlier tests' contacts are settled (each test waits for its own), so every call counted here is ours.
        SALESFORCE.usage().reset();

        long start = System.nanoTime();
        publishJms(emails.stream().map(e -> message(e, "Bulk")).toList());

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> contacts
                .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == CONTACTS);
        long calls = SALESFORCE.usage().total();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("OUTBOUND-EFFICIENCY: " + CONTACTS + " contacts, " + DOMAINS + " new domains -> " + calls
                + " Salesforce API calls in " + millis + " ms " + SALESFORCE.usage().toJson());
        assertThat(calls).isLessThanOrEqualTo(20);
        for (String d : domains) {
            assertThat(sfRecords("Account", "Website", d)).as(d).hasSize(1);
        }
    }

    /**
     * The burst is stored whole before the sender may claim it: on a loaded machine the intake stores a live burst
     * more slowly than a batch fills within max-wait-ms, and the window then sends partial batches, as designed
     * (BatchWindowTest covers those decisions; a CI run under load once saw 6 creates here).
     */
    @Test
    void a_burst_of_a_thousand_new_leads_leaves_in_five_full_collections_calls() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String domain = uniqueDomain("burst");
        List<String> emails = IntStream.range(0, CONTACTS).mapToObj(i -> "l" + i + "@" + domain).toList();
        SALESFORCE.usage().reset();

        publishAsFullBatches(emails, emails.stream().map(e -> message(e, "Burst")).toList());

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> contacts
                .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == CONTACTS);
        System.out.println("OUTBOUND-BURST: " + SALESFORCE.usage().toJson());
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).as("five full Collections creates")
                .isEqualTo(5);
        // Unless Leads and Contacts are mirrored (inbound on and imported, as an earlier test may have left them),
        // each batch looks its emails up first (match before create): one composite call per batch, the budget the
        // identity rules allow.
        long lookups = mirror.complete(SyncedObject.LEAD) && mirror.complete(SyncedObject.CONTACT) ? 0 : 5;
        assertThat(SALESFORCE.usage().count("composite")).as("lookups").isEqualTo(lookups);
        assertThat(SALESFORCE.usage().total()).isEqualTo(5 + lookups);
    }

    @Test
    void the_next_batch_is_claimed_only_once_salesforce_answered_the_one_before() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String domain = uniqueDomain("one-by-one");
        List<String> emails = IntStream.range(0, 400).mapToObj(i -> "o" + i + "@" + domain).toList();
        var held = SALESFORCE.faults().holdOn("composite.sobjects.create");
        try {
            publishAsFullBatches(emails, emails.stream().map(e -> message(e, "OneByOne")).toList());
            assertThat(held.awaitReached(Duration.ofSeconds(60))).as("the first batch's create reached Salesforce")
                    .isTrue();
            // The scheduler thread is free while the answer is awaited (the Salesforce producer is asynchronous);
            // its polls (every 100 ms) must not claim the second batch meanwhile.
            Thread.sleep(1500);
            assertThat(jdbc.sql("select count(*) from contact where email like :d"
                    + " and (sync_claim is not null or sync_status <> 'PENDING')").param("d", "%@" + domain)
                    .query(Long.class).single()).as("contacts claimed or sent").isEqualTo(200);
        } finally {
            held.release();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> contacts
                .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == 400);
    }
}
