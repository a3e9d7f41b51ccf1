package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/** Salesforce failures: one refused record, transient errors retried, retries exhausted, then "sync now". */
class OutboundFailuresTest extends OutboundTestSupport {

    @Autowired
    ActivityLog activity;

    /**
     * Leads and Contacts switched off and on: their mirror is incomplete (whatever import ran before), so every
     * batch starts with its lookup of existing records, and the faults below hit the calls they name.
     */
    @org.junit.jupiter.api.BeforeEach
    void mirrorIncomplete() {
        var on = settings.get();
        settings.update(new io.conversion.sync.settings.SyncSettings(new io.conversion.sync.settings.SyncSettings
                .Inbound(false, false, on.inbound().accounts()), on.outbound()), "test");
        settings.update(new io.conversion.sync.settings.SyncSettings(new io.conversion.sync.settings.SyncSettings
                .Inbound(true, true, on.inbound().accounts()), on.outbound()), "test");
    }

    @Test
    void a_record_refused_by_a_validation_rule_fails_alone_with_salesforces_message_and_is_retriable()
            throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String domain = uniqueDomain("valid");
        String bad = "bad@" + domain;
        SALESFORCE.org().rejectEmailsMatching(Pattern.quote(bad), "Bad addresses are not welcome");

        publishJms(message("good@" + domain, "Valid"), message(bad, "Valid"));

        assertThat(awaitStatus("good@" + domain, SyncStatus.SYNCED).sfLeadId()).isNotNull();
        Contact failed = awaitStatus(bad, SyncStatus.FAILED);
        assertThat(failed.syncError()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION")
                .contains("Bad addresses are not welcome");
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, failed.id(), null, 10)))
                .extracting(Activity::message).anyMatch(m -> m.contains("Bad addresses are not welcome"));

        SALESFORCE.org().clearRules();
        assertThat(admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, failed.id()).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        assertThat(awaitStatus(bad, SyncStatus.SYNCED).sfLeadId()).isNotNull();
    }

    @Test
    void a_record_refused_by_a_duplicate_rule_fails_alone() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("dup");
        String dup = "dup@" + domain;
        SALESFORCE.org().rejectDuplicateEmail(dup);

        publishJms(message(dup, "Dup"), message("fine@" + domain, "Dup"));

        Contact failed = awaitStatus(dup, SyncStatus.FAILED);
        assertThat(failed.syncError()).contains("DUPLICATES_DETECTED");
        Contact fine = awaitStatus("fine@" + domain, SyncStatus.SYNCED);
        assertThat(fine.sfAccountId()).isNotNull();
    }

    @Test
    void salesforce_unavailable_for_a_while_is_retried_with_backoff() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "retry@" + uniqueDomain("retry");
        SALESFORCE.faults().unavailable(2);

        publishJms(message(email, "Retry"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(c.syncError()).isNull();
    }

    @Test
    void request_limit_exceeded_waits_pending_and_the_contact_is_sent_once_the_allowance_answers_again()
            throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String email = "limit@" + uniqueDomain("limit");
        SALESFORCE.faults().limitExceeded(2);

        publishJms(message(email, "Limit"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Contact", "Email", email)).hasSize(1);
        assertThat(sfRecords("Account", "Id", c.sfAccountId())).hasSize(1);
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.SKIPPED, null, c.id(), "API_LIMIT_EXCEEDED",
                10))).as("waited, with the reason").isNotEmpty();
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, c.id(), null, 10))).isEmpty();
    }

    @Test
    void a_timeout_is_retried_without_creating_the_lead_twice() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "slow@" + uniqueDomain("slow");
        // Longer than the client's request timeout in the tests (camel.component.salesforce.http-request-timeout):
        // the client gives up after 4 s, the emulator still creates the Lead at 6 s.
        SALESFORCE.faults().slow(1, 0).slow(1, 6000); // call 1: the lookup of existing Leads/Contacts

        publishJms(message(email, "Slow"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(c.sfLeadId()).isEqualTo(sfRecords("Lead", "Email", email).get(0).get("Id"));
        assertAdopted(c.id(), "ADOPT_LEAD");
    }

    @Test
    void a_timeout_creating_accounts_then_contacts_creates_one_account_per_domain_and_one_contact_per_contact()
            throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("slowacc");
        List<String> emails = List.of("a@" + domain, "b@" + domain);
        // Call 1 (lookup of existing people) and 2 (Account SOQL) normal, call 3 (Account creation) times out but
        // lands, call 4 (Contacts) as well.
        SALESFORCE.faults().slow(1, 0).slow(1, 0).slow(1, 6000);

        publishJms(emails.stream().map(e -> message(e, "SlowAcc")).toList());

        for (String email : emails) {
            Contact c = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(sfRecords("Contact", "Email", email)).hasSize(1);
            assertThat(c.sfAccountId()).isNotNull();
        }
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
        String accountId = (String) sfRecords("Account", "Website", domain).get(0).get("Id");
        assertThat(emails).allSatisfy(e -> assertThat(contacts.findByEmail(e).orElseThrow().sfAccountId())
                .isEqualTo(accountId));
        assertThat(activity.find(new ActivityQuery(null, null, null, null, "RECONCILED", 200)))
                .anyMatch(a -> "ADOPT_ACCOUNT".equals(a.action()) && accountId.equals(a.sfId()));
    }

    @Test
    void contacts_created_but_answered_503_are_adopted_on_the_retry_not_created_again() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("lost");
        List<String> emails = List.of("x@" + domain, "y@" + domain, "own" + System.nanoTime() + "@gmail.com");
        // Call 1 lookup, call 2 SOQL, call 3 Accounts, call 4 the Contacts: applied, then 503.
        SALESFORCE.faults().slow(1, 0).slow(1, 0).slow(1, 0).applyThenFail(1);
        SALESFORCE.usage().reset();

        publishAsFullBatches(emails, emails.stream().map(e -> message(e, "Lost")).toList());

        for (String email : emails) {
            Contact c = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(sfRecords("Contact", "Email", email)).as(email).hasSize(1);
            assertThat(c.sfContactId()).isEqualTo(sfRecords("Contact", "Email", email).get(0).get("Id"));
            assertThat(c.sfAccountId()).isEqualTo(sfRecords("Contact", "Email", email).get(0).get("AccountId"));
            assertAdopted(c.id(), "ADOPT_CONTACT");
        }
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
        // The retry: one reconciliation SOQL, no second creation call.
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).isEqualTo(2);
    }

    @Test
    void an_account_created_but_answered_503_is_adopted_by_the_retry() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("lostacc");
        String email = "acc@" + domain;
        SALESFORCE.faults().slow(1, 0).slow(1, 0).applyThenFail(1); // lookup, Account SOQL, then the Account

        publishJms(message(email, "LostAcc"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
        assertThat(c.sfAccountId()).isEqualTo(sfRecords("Account", "Website", domain).get(0).get("Id"));
        assertThat(sfRecords("Contact", "Email", email)).hasSize(1);
    }

    @Test
    void a_lead_created_whose_answer_comes_after_the_timeout_is_adopted() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "late@" + uniqueDomain("late");
        SALESFORCE.faults().slow(1, 0).applyThenDelay(1, 5000); // after the lookup

        publishJms(message(email, "Late"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(c.sfLeadId()).isEqualTo(sfRecords("Lead", "Email", email).get(0).get("Id"));
        assertAdopted(c.id(), "ADOPT_LEAD");
    }

    @Test
    void after_exhausted_retries_the_contact_waits_and_the_lead_an_answerless_attempt_created_is_adopted()
            throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "lostfail@" + uniqueDomain("lostfail");
        SALESFORCE.faults().slow(1, 0).applyThenFail(1).unavailable(1000); // after the lookup

        publishJms(message(email, "LostFail"));

        Contact waiting = await().atMost(Duration.ofSeconds(30)).until(() -> contacts.findByEmail(email).orElseThrow(),
                c -> c.syncError() != null && c.syncError().startsWith("SALESFORCE_UNAVAILABLE"));
        assertThat(waiting.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        SALESFORCE.faults().clear();

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(c.sfLeadId()).isEqualTo(sfRecords("Lead", "Email", email).get(0).get("Id"));
        assertAdopted(c.id(), "ADOPT_LEAD");
    }

    @Test
    void concurrent_sync_now_requests_on_a_failed_contact_send_it_exactly_once() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "twiceclick@" + uniqueDomain("click");
        SALESFORCE.org().rejectEmailsMatching(Pattern.quote(email), "Not yet");
        publishJms(message(email, "Click"));
        Contact failed = awaitStatus(email, SyncStatus.FAILED);
        SALESFORCE.org().clearRules();
        // The Lead call is slow, so later requests arrive while the contact is being sent.
        SALESFORCE.faults().slow(1, 1500);

        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpStatus>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return HttpStatus.valueOf(admin().postForEntity("/api/contacts/{id}/sync", null, Map.class,
                            failed.id()).getStatusCode().value());
                }));
            }
            start.countDown();
            for (var a : answers) {
                assertThat(a.get()).isIn(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
            }
        } finally {
            pool.shutdownNow();
        }
        awaitStatus(email, SyncStatus.SYNCED);
        Thread.sleep(2000);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(contacts.findById(failed.id()).orElseThrow().syncStatus()).isEqualTo(SyncStatus.SYNCED);
    }

    @Test
    void a_full_batch_created_but_answered_503_is_adopted_through_queries_short_enough_for_the_client()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        // 200 long emails (Salesforce takes 80 characters): one reconciliation SOQL over all of them would be a URL
        // of about 16,000 characters, beyond camel-salesforce's request buffer (8 KB) and near Salesforce's limit.
        List<String> emails = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "a-long-mailbox-name-" + i
                + "@" + uniqueDomain("a-long-company-name-" + i)).toList();
        assertThat(emails).allMatch(e -> e.length() <= 80);
        SALESFORCE.faults().slow(1, 0).applyThenFail(1); // call 1 the lookup; call 2 the Leads: applied, answer lost
        SALESFORCE.usage().reset();

        publishAsFullBatches(emails, emails.stream().map(e -> message(e, "Long")).toList());

        for (String email : emails) {
            Contact c = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(sfRecords("Lead", "Email", email)).as(email).hasSize(1);
            assertThat(c.sfLeadId()).isEqualTo(sfRecords("Lead", "Email", email).get(0).get("Id"));
        }
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).as("the Leads, once").isEqualTo(1);
        assertThat(SALESFORCE.usage().count("query")).as("reconciliation in chunks").isBetween(3L, 5L);
    }

    @Test
    void two_hundred_new_domains_are_matched_through_several_short_domain_queries() throws Exception {
        var on = settings.get();
        // Accounts switched off and on: their mirror is incomplete, so the domains are looked up in Salesforce.
        settings.update(new io.conversion.sync.settings.SyncSettings(new io.conversion.sync.settings.SyncSettings
                .Inbound(on.inbound().leads(), on.inbound().contacts(), false), on.outbound()), "test");
        settings.update(new io.conversion.sync.settings.SyncSettings(new io.conversion.sync.settings.SyncSettings
                .Inbound(on.inbound().leads(), on.inbound().contacts(), true), on.outbound()), "test");
        outbound(true, CreateAs.CONTACT, true, true);
        List<String> emails = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "jo@"
                + uniqueDomain("a-long-domain-name-of-company-number-" + i)).toList();
        SALESFORCE.usage().reset();

        publishJms(emails.stream().map(e -> message(e, "Domains")).toList());

        for (String email : emails) {
            Contact c = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(c.sfAccountId()).as(email).isNotNull();
        }
        assertThat(SALESFORCE.usage().count("query")).as("domain queries in chunks").isBetween(2L, 6L);
    }

    private void assertAdopted(long contactId, String action) {
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.APPLIED, null, contactId, "RECONCILED", 10)))
                .extracting(Activity::action).contains(action);
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.APPLIED, null, contactId, "RECONCILED", 10)))
                .extracting(Activity::message).anyMatch(m -> m.contains("adopted by reconciliation"));
    }

    @Test
    void after_the_retries_an_unavailable_salesforce_leaves_the_contact_pending_with_the_reason_then_it_is_sent()
            throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "down@" + uniqueDomain("down");
        SALESFORCE.faults().unavailable(1000);

        publishJms(message(email, "Down"));

        Contact waiting = await().atMost(Duration.ofSeconds(30)).until(() -> contacts.findByEmail(email).orElseThrow(),
                c -> c.syncError() != null && c.syncError().startsWith("SALESFORCE_UNAVAILABLE"));
        assertThat(waiting.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(waiting.syncError()).contains("503").contains("waits until Salesforce answers");
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.SKIPPED, null, waiting.id(),
                "SALESFORCE_UNAVAILABLE", 10))).isNotEmpty();
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, waiting.id(), null, 10)))
                .isEmpty();

        SALESFORCE.faults().clear();
        Contact synced = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(synced.sfLeadId()).isNotNull();
        assertThat(synced.syncError()).isNull();
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(deadLetters(email)).isEmpty();
    }
}
