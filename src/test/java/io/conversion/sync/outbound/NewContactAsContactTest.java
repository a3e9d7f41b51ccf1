package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** createAs CONTACT: Account matching by email domain, Account creation, personal domains, settings per contact. */
class NewContactAsContactTest extends OutboundTestSupport {

    @Test
    void a_contact_is_linked_to_the_account_whose_website_matches_its_domain_in_any_url_form() throws Exception {
        outbound(true, CreateAs.CONTACT, true, false);
        String a = uniqueDomain("acme");
        String b = uniqueDomain("bolt");
        String c = uniqueDomain("cask");
        String accountA = seedAccount("Acme", "https://www." + a + "/");
        String accountB = seedAccount("Bolt", b);
        String accountC = seedAccount("Cask", "http://" + c.toUpperCase() + "/about");
        // Look-alikes that must not match.
        seedAccount("Not Acme", "https://not" + a);
        seedAccount("Evil", "https://" + a + ".evil.io/");

        publishJms(message("jane@" + a, "Acme"), message("bob@" + b, "Bolt"), message("cy@" + c, "Cask"));

        assertLinked("jane@" + a, accountA);
        assertLinked("bob@" + b, accountB);
        assertLinked("cy@" + c, accountC);
        Company company = company(contacts.findByEmail("jane@" + a).orElseThrow());
        assertThat(company.domain()).isEqualTo(a);
        assertThat(company.standalone()).isFalse();
    }

    @Test
    void a_look_alike_website_does_not_match_and_without_create_accounts_the_contact_has_no_account()
            throws Exception {
        outbound(true, CreateAs.CONTACT, true, false);
        String domain = uniqueDomain("lookalike");
        seedAccount("Not it", "https://not" + domain);
        seedAccount("Evil", "https://" + domain + ".evil.io/");

        publishJms(message("jane@" + domain, "Look"));

        Contact contact = awaitStatus("jane@" + domain, SyncStatus.SYNCED);
        assertThat(contact.sfAccountId()).isNull();
        assertThat(contact.companyId()).isNull();
        assertThat(sfRecord("Contact", contact.sfContactId()).get("AccountId")).isNull();
    }

    @Test
    void without_a_match_create_accounts_creates_one_account_per_new_domain() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("newco");

        publishJms(message("ann@" + domain, "NewCo"), message("ben@" + domain, "NewCo"),
                message("cat@" + domain, "NewCo"));

        Contact ann = awaitStatus("ann@" + domain, SyncStatus.SYNCED);
        Contact ben = awaitStatus("ben@" + domain, SyncStatus.SYNCED);
        Contact cat = awaitStatus("cat@" + domain, SyncStatus.SYNCED);
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
        assertThat(List.of(ben.sfAccountId(), cat.sfAccountId())).containsOnly(ann.sfAccountId());
        assertThat(sfRecord("Account", ann.sfAccountId())).containsEntry("Name", "NewCo");
        assertThat(sfRecord("Contact", ann.sfContactId())).containsEntry("AccountId", ann.sfAccountId());
        Company company = company(ann);
        assertThat(company.sfAccountId()).isEqualTo(ann.sfAccountId());
        assertThat(company.domain()).isEqualTo(domain);
        assertThat(ben.companyId()).isEqualTo(ann.companyId());

        // A later contact of the same domain joins that Account: no second one.
        publishJms(message("dan@" + domain, "NewCo"));
        assertThat(awaitStatus("dan@" + domain, SyncStatus.SYNCED).sfAccountId()).isEqualTo(ann.sfAccountId());
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
    }

    @Test
    void with_matching_off_create_accounts_creates_an_account_for_every_contact() throws Exception {
        String domain = uniqueDomain("every");
        String existing = seedAccount("Every", domain);
        outbound(true, CreateAs.CONTACT, false, true);

        publishJms(message("one@" + domain, "Every"), message("two@" + domain, "Every"));

        Contact one = awaitStatus("one@" + domain, SyncStatus.SYNCED);
        Contact two = awaitStatus("two@" + domain, SyncStatus.SYNCED);
        assertThat(one.sfAccountId()).isNotNull().isNotEqualTo(two.sfAccountId()).isNotEqualTo(existing);
        assertThat(two.sfAccountId()).isNotNull().isNotEqualTo(existing);
        assertThat(company(one).standalone()).isTrue();
        assertThat(company(one).sfAccountId()).isEqualTo(one.sfAccountId());
        assertThat(sfRecord("Contact", two.sfContactId())).containsEntry("AccountId", two.sfAccountId());
    }

    @Test
    void with_neither_matching_nor_creation_the_contact_has_no_account() throws Exception {
        String domain = uniqueDomain("neither");
        seedAccount("Neither", domain);
        outbound(true, CreateAs.CONTACT, false, false);

        publishJms(message("solo@" + domain, "Neither"));

        Contact solo = awaitStatus("solo@" + domain, SyncStatus.SYNCED);
        assertThat(solo.sfAccountId()).isNull();
        assertThat(sfRecord("Contact", solo.sfContactId()).get("AccountId")).isNull();
    }

    @Test
    void personal_email_domains_never_match_or_create_a_domain_account() throws Exception {
        String gmailAccount = seedAccount("Gmail", "https://gmail.com");
        outbound(true, CreateAs.CONTACT, true, false);
        String unmatched = "p" + System.nanoTime() + "@gmail.com";
        publishJms(message(unmatched, "Freelance"));
        assertThat(awaitStatus(unmatched, SyncStatus.SYNCED).sfAccountId()).isNull();

        outbound(true, CreateAs.CONTACT, true, true);
        String own = "q" + System.nanoTime() + "@outlook.com";
        publishJms(message(own, "Freelance Q"));
        Contact q = awaitStatus(own, SyncStatus.SYNCED);

        // Its own Account (createAccounts), never one for outlook.com, never the gmail.com one.
        assertThat(q.sfAccountId()).isNotNull().isNotEqualTo(gmailAccount);
        assertThat(sfRecord("Account", q.sfAccountId())).containsEntry("Name", "Freelance Q");
        assertThat(sfRecord("Account", q.sfAccountId()).get("Website")).isNull();
        assertThat(sfRecords("Account", "Website", "outlook.com")).isEmpty();
        assertThat(company(q).standalone()).isTrue();
    }

    @Test
    void soql_is_escaped_for_quotes_in_emails_and_domains() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String plain = uniqueDomain("x");
        String quoted = "o'neil-" + uniqueDomain("q");
        String quotedAccount = seedAccount("O'Neil", "https://www." + quoted + "/");

        publishJms("{\"email\":\"o'brien@" + plain + "\",\"lastName\":\"O'Brien\"}",
                "{\"email\":\"jane@" + quoted + "\",\"lastName\":\"Quote\"}");

        Contact obrien = awaitStatus("o'brien@" + plain, SyncStatus.SYNCED);
        assertThat(sfRecord("Contact", obrien.sfContactId())).containsEntry("Email", "o'brien@" + plain);
        assertThat(sfRecords("Account", "Website", plain)).hasSize(1);
        assertThat(awaitStatus("jane@" + quoted, SyncStatus.SYNCED).sfAccountId()).isEqualTo(quotedAccount);
    }

    @Test
    void a_settings_change_affects_only_contacts_created_after_it() throws Exception {
        String domain = uniqueDomain("switch");
        camel.getRouteController().stopRoute("outbound-salesforce-sync");
        try {
            outbound(true, CreateAs.LEAD, true, true);
            publishJms(message("before@" + domain, "Switch"));
            awaitStatus("before@" + domain, SyncStatus.PENDING);

            outbound(true, CreateAs.CONTACT, true, true);
            publishJms(message("after@" + domain, "Switch"));
            awaitStatus("after@" + domain, SyncStatus.PENDING);
        } finally {
            camel.getRouteController().startRoute("outbound-salesforce-sync");
        }

        Contact before = awaitStatus("before@" + domain, SyncStatus.SYNCED);
        Contact after = awaitStatus("after@" + domain, SyncStatus.SYNCED);
        assertThat(before.sfLeadId()).isNotNull();
        assertThat(before.sfContactId()).isNull();
        assertThat(after.sfContactId()).isNotNull();
        assertThat(after.sfAccountId()).isNotNull();
    }

    private void assertLinked(String email, String accountId) {
        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfAccountId()).as(email).isEqualTo(accountId);
        Map<String, Object> sfContact = sfRecord("Contact", c.sfContactId());
        assertThat(sfContact).containsEntry("AccountId", accountId).containsEntry("Email", email);
        assertThat(company(c).sfAccountId()).isEqualTo(accountId);
    }
}
