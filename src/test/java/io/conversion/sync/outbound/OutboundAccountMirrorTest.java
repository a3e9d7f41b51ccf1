package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Domain matching from the Account mirror: with Accounts inbound on and imported, Conversion's companies know every
 * Account, so no SOQL is needed; an Account created a moment before its contact, whose event is still on its way, is
 * still matched (one query for just that domain).
 */
class OutboundAccountMirrorTest extends OutboundTestSupport {

    static final Duration IMPORT_WAIT = Duration.ofMinutes(5);

    private SyncSettings.Inbound before;

    @AfterEach
    void restoreTheToggles() {
        SyncSettings s = settings.get();
        settings.update(new SyncSettings(before, s.outbound()), "test");
    }

    @BeforeEach
    void mirrorComplete() {
        SyncSettings s = settings.get();
        before = s.inbound();
        // Every mirror complete: Accounts for domain matching, Leads and Contacts for match before create.
        if (!(s.inbound().leads() && s.inbound().contacts() && s.inbound().accounts())) {
            settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true), s.outbound()), "test");
        }
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var started = admin().postForEntity("/api/sync/initial-import",
                new HttpEntity<>("{\"objects\":[\"Account\",\"Lead\",\"Contact\"]}", headers), JsonNode.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = started.getBody().path("id").asText();
        JsonNode run = await().atMost(IMPORT_WAIT).pollInterval(Duration.ofMillis(200)).until(
                () -> admin().getForEntity("/api/sync/initial-import/" + id, JsonNode.class).getBody(),
                r -> !"RUNNING".equals(r.path("state").asText()));
        assertThat(run.path("state").asText()).isEqualTo("DONE");
    }

    @Test
    void with_the_mirror_complete_a_thousand_contacts_over_fifty_domains_cost_six_calls_and_no_query() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        List<String> domains = IntStream.range(0, 50).mapToObj(i -> uniqueDomain("mirror" + i)).toList();
        Map<String, String> accountByDomain = new HashMap<>();
        for (String d : domains.subList(0, 25)) {
            accountByDomain.put(d, SALESFORCE.org().create("Account",
                    Map.of("Name", "Mirror " + d, "Website", "https://www." + d + "/")));
        }
        // The Accounts arrive as change events: the mirror has them.
        await().atMost(Duration.ofSeconds(60)).until(() -> accountByDomain.keySet().stream()
                .allMatch(d -> companies.findByDomain(d).map(Company::sfAccountId).isPresent()));
        List<String> emails = IntStream.range(0, 1000).mapToObj(i -> "m" + i + "@" + domains.get(i % 50)).toList();
        SALESFORCE.usage().reset();

        // Queued first, then sent: full batches, whatever a busy machine's arrival rate (a partial batch of
        // contacts younger than the Account event lag is checked with one query, by design: see the test below).
        publishAsFullBatches(emails, emails.stream().map(e -> message(e, "Mirror")).toList());

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> contacts
                .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == 1000);
        System.out.println("OUTBOUND-MIRROR: " + SALESFORCE.usage().toJson());
        assertThat(SALESFORCE.usage().count("query")).as("queries %s", SALESFORCE.usage().queries()).isZero();
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).as("1 Accounts + 5 Contacts calls")
                .isEqualTo(6);
        assertThat(SALESFORCE.usage().total()).isEqualTo(6);
        for (String d : domains) {
            assertThat(sfRecords("Account", "Website", d).size() + sfRecords("Account", "Website",
                    "https://www." + d + "/").size()).as(d).isEqualTo(1);
        }
        for (Contact c : contacts.findByEmails(emails)) {
            String domain = c.email().substring(c.email().indexOf('@') + 1);
            String accountId = (String) sfRecord("Contact", c.sfContactId()).get("AccountId");
            if (accountByDomain.containsKey(domain)) {
                assertThat(accountId).as(c.email()).isEqualTo(accountByDomain.get(domain));
            } else {
                assertThat(accountId).as(c.email()).isNotNull().isNotIn(accountByDomain.values());
            }
        }
    }

    @Test
    void an_account_created_a_moment_before_its_contact_is_matched_while_its_event_is_still_on_its_way()
            throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("lagging");
        camel.getRouteController().stopRoute("inbound-accounts");
        String accountId;
        long queriesBefore = SALESFORCE.usage().count("query");
        try {
            accountId = SALESFORCE.org().create("Account", Map.of("Name", "Lagging", "Website", domain));
            String email = "first@" + domain;
            publishJms(message(email, "Lagging"));

            Contact synced = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(sfRecord("Contact", synced.sfContactId()).get("AccountId")).isEqualTo(accountId);
        } finally {
            camel.getRouteController().startRoute("inbound-accounts");
        }
        assertThat(SALESFORCE.usage().count("query") - queriesBefore).as("one query for the domain the mirror misses")
                .isEqualTo(1);
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
    }

    @Test
    void with_accounts_inbound_off_the_domains_are_queried_as_before() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        SyncSettings s = settings.get();
        settings.update(new SyncSettings(new SyncSettings.Inbound(s.inbound().leads(), s.inbound().contacts(), false),
                s.outbound()), "test");
        String domain = uniqueDomain("unmirrored");
        String accountId = SALESFORCE.org().create("Account", Map.of("Name", "Unmirrored", "Website", domain));
        long queriesBefore = SALESFORCE.usage().count("query");
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            emails.add("u" + i + "@" + domain);
        }
        publishJms(emails.stream().map(e -> message(e, "Unmirrored")).toList());

        for (String e : emails) {
            Contact c = awaitStatus(e, SyncStatus.SYNCED);
            assertThat(sfRecord("Contact", c.sfContactId()).get("AccountId")).isEqualTo(accountId);
        }
        assertThat(SALESFORCE.usage().count("query") - queriesBefore).isGreaterThanOrEqualTo(1);
    }
}
