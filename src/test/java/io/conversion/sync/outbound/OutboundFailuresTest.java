package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import jakarta.jms.Message;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/** Salesforce failures: one refused record, transient errors retried, retries exhausted, then "sync now". */
class OutboundFailuresTest extends OutboundTestSupport {

    @Autowired
    ActivityLog activity;

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
    void request_limit_exceeded_is_retried_with_backoff() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String email = "limit@" + uniqueDomain("limit");
        SALESFORCE.faults().limitExceeded(2);

        publishJms(message(email, "Limit"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Contact", "Email", email)).hasSize(1);
        assertThat(sfRecords("Account", "Id", c.sfAccountId())).hasSize(1);
    }

    @Test
    void a_timeout_is_retried() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "slow@" + uniqueDomain("slow");
        // Longer than the client's request timeout in the tests (camel.component.salesforce.http-request-timeout).
        SALESFORCE.faults().slow(1, 6000);

        publishJms(message(email, "Slow"));

        awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).hasSizeBetween(1, 2);
    }

    @Test
    void after_the_retries_the_contact_is_failed_and_dead_lettered_then_sync_now_sends_it() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "down@" + uniqueDomain("down");
        SALESFORCE.faults().unavailable(1000);

        publishJms(message(email, "Down"));

        Contact failed = awaitStatus(email, SyncStatus.FAILED);
        assertThat(failed.syncError()).contains("SALESFORCE_UNAVAILABLE");
        Message dead = awaitDeadLetter(email).orElseThrow();
        assertThat(body(dead)).contains("\"contactId\":" + failed.id()).contains("SALESFORCE_UNAVAILABLE");
        assertThat(dead.getStringProperty("syncFailureReason")).contains("503");
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, failed.id(),
                "SALESFORCE_UNAVAILABLE", 10))).isNotEmpty();

        SALESFORCE.faults().clear();
        admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, failed.id());
        assertThat(awaitStatus(email, SyncStatus.SYNCED).sfLeadId()).isNotNull();
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
    }
}
