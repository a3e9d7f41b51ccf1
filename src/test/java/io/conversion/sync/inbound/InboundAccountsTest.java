package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.contacts.Company;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Accounts from Salesforce to Conversion companies. */
class InboundAccountsTest extends InboundTestSupport {

    @Test
    void an_account_becomes_a_company_with_the_domain_of_its_website() throws Exception {
        listenToTriggers();
        String domain = "globex-" + UUID.randomUUID().toString().substring(0, 6) + ".example";
        String accountId = org().create("Account",
                Map.of("Name", "Globex", "Website", "HTTPS://WWW." + domain.toUpperCase() + ":8443/en/home?x=1"));

        Company c = await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> companies.findBySfAccountId(accountId),
                java.util.Optional::isPresent).get();
        assertThat(c.name()).isEqualTo("Globex");
        assertThat(c.domain()).isEqualTo(domain);
        assertThat(c.standalone()).isFalse();
        assertThat(awaitTriggers(accountId, 1).get(0).get("conversionType").asText()).isEqualTo("company");

        org().update("Account", accountId, Map.of("Name", "Globex Corporation"));
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "Globex Corporation".equals(company(c.id()).name()));
        assertThat(company(c.id()).domain()).isEqualTo(domain);
    }

    @Test
    void an_account_adopts_the_unlinked_conversion_company_of_its_domain() {
        String domain = "hooli-" + UUID.randomUUID().toString().substring(0, 6) + ".example";
        Company existing = companies.insert(new Company(null, "hooli", domain, false, null));
        String accountId = org().create("Account", Map.of("Name", "Hooli", "Website", domain));

        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> accountId.equals(company(existing.id()).sfAccountId()));
        assertThat(company(existing.id()).name()).isEqualTo("Hooli");
    }

    @Test
    void a_second_account_of_a_taken_domain_gets_its_own_company_and_the_reason_is_logged() {
        String domain = "dup-" + UUID.randomUUID().toString().substring(0, 6) + ".example";
        String first = org().create("Account", Map.of("Name", "First", "Website", domain));
        String second = org().create("Account", Map.of("Name", "Second", "Website", "www." + domain));

        awaitActivity(second, "DOMAIN_TAKEN");
        Company a = companies.findBySfAccountId(first).orElseThrow();
        Company b = companies.findBySfAccountId(second).orElseThrow();
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(companies.findByDomain(domain)).map(Company::id).contains(a.id());
    }

    @Test
    void deleting_an_account_keeps_its_company_and_contacts() {
        String accountId = org().create("Account", Map.of("Name", "Umbrella"));
        Company c = await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> companies.findBySfAccountId(accountId),
                java.util.Optional::isPresent).get();
        org().delete("Account", accountId);
        awaitActivity(accountId, "DELETED");
        assertThat(company(c.id()).sfAccountId()).isNull();

        org().undelete("Account", accountId);
        awaitActivity(accountId, "UNDELETED");
        assertThat(company(c.id()).sfAccountId()).isEqualTo(accountId);
    }
}
