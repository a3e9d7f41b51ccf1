package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.emulator.Org;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A contact's own Account (personal mailbox domain, or linking by domain off) whose create was applied in Salesforce
 * but whose answer was lost: the retry finds it and adopts it, never a second Account; one created by a rep with the
 * same name is left alone; a create that never landed is made once.
 */
class OwnAccountRetriesTest extends OutboundTestSupport {

    private static final String ACCOUNT_CREATE = "composite.sobjects.create";

    @Autowired
    ActivityLog activity;

    @Autowired
    JdbcClient jdbc;

    /** Leads and Contacts switched off and on: their mirror is incomplete, so each attempt makes its one lookup. */
    @BeforeEach
    void mirrorIncomplete() {
        var on = settings.get();
        settings.update(new SyncSettings(new SyncSettings.Inbound(false, false, on.inbound().accounts()),
                on.outbound()), "test");
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, on.inbound().accounts()),
                on.outbound()), "test");
    }

    @Test
    void a_personal_domain_contacts_own_account_created_but_answered_503_is_adopted_not_created_again()
            throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String email = "own" + System.nanoTime() + "@gmail.com";
        String name = "OwnLost " + System.nanoTime();
        // The first Collections create of the batch is its Account: applied, then 503.
        SALESFORCE.faults().applyThenFailOn(ACCOUNT_CREATE, 1);
        SALESFORCE.usage().reset();

        publishJms(message(email, name));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        List<Map<String, Object>> accounts = sfRecords("Account", "Name", name);
        assertThat(accounts).as("one Account, adopted by the retry").hasSize(1);
        assertThat(accounts.get(0).get("Website")).isNull();
        String accountId = (String) accounts.get(0).get("Id");
        assertThat(c.sfAccountId()).isEqualTo(accountId);
        assertThat(sfRecords("Contact", "Email", email)).singleElement()
                .satisfies(r -> assertThat(r.get("AccountId")).isEqualTo(accountId));
        assertThat(company(c).sfAccountId()).isEqualTo(accountId);
        assertAccountAdopted(c.id(), accountId);
        // Attempt 1: lookup of existing people, Account create (lost). Attempt 2: the lookup again, the own-Account
        // lookup, the Contact create. No second Account create.
        assertThat(SALESFORCE.usage().count(ACCOUNT_CREATE)).isEqualTo(2);
        assertThat(SALESFORCE.usage().count("composite")).isEqualTo(3);
        assertThat(SALESFORCE.usage().total()).isEqualTo(5);
        assertMarkerCleared(c.id());
    }

    @Test
    void with_matching_off_a_business_domain_contacts_own_account_whose_answer_was_lost_is_adopted()
            throws Exception {
        outbound(true, CreateAs.CONTACT, false, true);
        String domain = uniqueDomain("ownbiz");
        String email = "jane@" + domain;
        String name = "OwnBiz " + System.nanoTime();
        SALESFORCE.faults().applyThenFailOn(ACCOUNT_CREATE, 1);

        publishJms(message(email, name));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        List<Map<String, Object>> accounts = sfRecords("Account", "Website", domain);
        assertThat(accounts).as("one Account for the contact, adopted by the retry").hasSize(1);
        String accountId = (String) accounts.get(0).get("Id");
        assertThat(accounts.get(0).get("Name")).isEqualTo(name);
        assertThat(c.sfAccountId()).isEqualTo(accountId);
        assertThat(sfRecords("Contact", "Email", email)).singleElement()
                .satisfies(r -> assertThat(r.get("AccountId")).isEqualTo(accountId));
        assertThat(company(c).domain()).isEqualTo(domain);
        assertAccountAdopted(c.id(), accountId);
    }

    @Test
    void a_reps_account_with_the_same_name_is_not_adopted_only_the_integrations_own() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String email = "rep" + System.nanoTime() + "@gmail.com";
        String name = "Shared Name " + System.nanoTime();
        String reps = SALESFORCE.org().create("Account", Map.of("Name", name)); // by the UI user, not the integration
        SALESFORCE.faults().applyThenFailOn(ACCOUNT_CREATE, 1);

        publishJms(message(email, name));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        List<Map<String, Object>> accounts = sfRecords("Account", "Name", name);
        assertThat(accounts).as("the rep's and the one the lost create made").hasSize(2);
        Map<String, Object> ours = accounts.stream().filter(a -> !reps.equals(a.get("Id"))).findFirst().orElseThrow();
        assertThat(ours.get("CreatedById")).isEqualTo(Org.USER_ID);
        assertThat(sfRecord("Account", reps).get("CreatedById")).isEqualTo(Org.UI_USER_ID);
        assertThat(c.sfAccountId()).isEqualTo(ours.get("Id"));
        assertAccountAdopted(c.id(), (String) ours.get("Id"));
    }

    @Test
    void an_own_account_create_that_never_reached_salesforce_is_looked_up_then_created_once() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String email = "never" + System.nanoTime() + "@gmail.com";
        String name = "NeverLanded " + System.nanoTime();
        SALESFORCE.faults().unavailableOn(ACCOUNT_CREATE, 1); // 503 without applying: no Account exists
        SALESFORCE.usage().reset();

        publishJms(message(email, name));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Account", "Name", name)).singleElement()
                .satisfies(a -> assertThat(a.get("Id")).isEqualTo(c.sfAccountId()));
        assertThat(activity.find(new ActivityQuery(null, null, null, c.id(), "RECONCILED", 10))).isEmpty();
        // Attempt 2 looked the Account up (nothing found), then created it: 3 creates (Account refused, Account,
        // Contact) and 3 composite calls (two people lookups, one own-Account lookup).
        assertThat(SALESFORCE.usage().count(ACCOUNT_CREATE)).isEqualTo(3);
        assertThat(SALESFORCE.usage().count("composite")).isEqualTo(3);
        assertMarkerCleared(c.id());
    }

    @Test
    void a_first_attempt_creating_own_accounts_makes_no_own_account_lookup() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        List<String> emails = List.of("first" + System.nanoTime() + "@gmail.com",
                "first" + System.nanoTime() + "@yahoo.com");
        SALESFORCE.usage().reset();

        publishJms(emails.stream().map(e -> message(e, "First " + e)).toList());

        for (String email : emails) {
            Contact c = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(sfRecords("Account", "Name", "First " + email)).singleElement()
                    .satisfies(a -> assertThat(a.get("Id")).isEqualTo(c.sfAccountId()));
            assertMarkerCleared(c.id());
        }
        // One batch: the people lookup, the Accounts, the Contacts (a split batch: at most twice that).
        assertThat(SALESFORCE.usage().count("composite")).isEqualTo(SALESFORCE.usage().count(ACCOUNT_CREATE) / 2);
    }

    private void assertAccountAdopted(long contactId, String accountId) {
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.APPLIED, null, contactId, "RECONCILED", 10)))
                .anySatisfy(a -> {
                    assertThat(a.action()).isEqualTo("ADOPT_ACCOUNT");
                    assertThat(a.sfId()).isEqualTo(accountId);
                    assertThat(a.message()).contains("adopted by reconciliation");
                });
    }

    private void assertMarkerCleared(long contactId) {
        assertThat(jdbc.sql("select count(*) from contact where id = :id and own_account_sent_at is null "
                + "and own_account_name is null").param("id", contactId).query(Integer.class).single())
                .as("own-Account marker cleared").isEqualTo(1);
    }
}
