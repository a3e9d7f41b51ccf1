package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Sync Accounts off means no companies from Salesforce: a Contact whose Account has not synced keeps the Account id
 * without a (nameless placeholder) company, and is linked to the Account's company once Accounts sync and it arrives
 * (its next change, or the initial import).
 */
class InboundAccountsOffTest extends InboundTestSupport {

    @Autowired
    TestRestTemplate rest;

    @Test
    void with_accounts_off_a_contact_keeps_its_account_id_and_gets_the_accounts_company_once_the_account_syncs()
            throws Exception {
        toggles(true, true, false);
        String accountId = org().create("Account", Map.of("Name", "Later Corp"));
        awaitActivity(accountId, "OBJECT_PAUSED");
        String email = email("o'neil"); // a quote
        String contactId = org().create("Contact", Map.of("LastName", "O'Neil", "Email", email,
                "AccountId", accountId));

        Contact c = awaitContact(email);
        assertThat(c.sfContactId()).isEqualTo(contactId);
        assertThat(c.sfAccountId()).isEqualTo(accountId);
        assertThat(c.companyId()).as("no placeholder company while Accounts are off").isNull();
        assertThat(companies.findBySfAccountId(accountId)).isEmpty();

        toggles(true, true, true);
        org().update("Account", accountId, Map.of("Name", "Later Corp Inc")); // its next change: read in full

        Company company = await().atMost(WAIT).until(() -> companies.findBySfAccountId(accountId),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(company.name()).isEqualTo("Later Corp Inc");
        await().atMost(WAIT).until(() -> company.id().equals(contacts.findById(c.id()).orElseThrow().companyId()));
    }

    @Test
    void contacts_that_kept_an_account_id_are_linked_when_the_initial_import_brings_the_account() {
        toggles(true, true, false);
        String accountId = org().create("Account", Map.of("Name", "Imported Later"));
        awaitActivity(accountId, "OBJECT_PAUSED");
        String email = email("imported");
        org().create("Contact", Map.of("LastName", "Imported", "Email", email, "AccountId", accountId));
        Contact c = awaitContact(email);
        assertThat(c.companyId()).isNull();
        toggles(true, true, true);

        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        String run = rest.withBasicAuth("admin", ADMIN_PASSWORD).postForEntity("/api/sync/initial-import",
                new HttpEntity<>("{\"objects\":[\"Account\"]}", h), JsonNode.class).getBody().path("id").asText();
        await().atMost(Duration.ofMinutes(2)).until(() -> "DONE".equals(rest.withBasicAuth("admin", ADMIN_PASSWORD)
                .getForObject("/api/sync/initial-import/" + run, JsonNode.class).path("state").asText()));

        Company company = companies.findBySfAccountId(accountId).orElseThrow();
        assertThat(company.name()).isEqualTo("Imported Later");
        assertThat(contacts.findById(c.id()).orElseThrow().companyId()).isEqualTo(company.id());
    }

    @Test
    void with_accounts_off_a_contact_is_linked_to_the_company_its_account_already_has() throws Exception {
        String accountId = org().create("Account", Map.of("Name", "Known Corp"));
        Company company = await().atMost(WAIT).until(() -> companies.findBySfAccountId(accountId),
                java.util.Optional::isPresent).orElseThrow();
        toggles(true, true, false);
        String email = email("known");

        org().create("Contact", Map.of("LastName", "Known", "Email", email, "AccountId", accountId));

        Contact c = awaitContact(email);
        assertThat(c.companyId()).isEqualTo(company.id());
        assertThat(c.sfAccountId()).isEqualTo(accountId);
    }
}
