package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The new-contacts queue: storing, the read-only and skip branches, idempotency, malformed messages, the API. */
class NewContactIntakeTest extends OutboundTestSupport {

    @Autowired
    ActivityLog activity;


    @Test
    void with_outbound_off_a_contact_is_stored_only_and_not_sent_when_outbound_is_turned_on_later() throws Exception {
        outbound(false, CreateAs.LEAD, true, true);
        String email = "readonly@" + uniqueDomain("readonly");

        publishJms(message(email, "ReadOnly"));
        Contact stored = awaitStatus(email, SyncStatus.NOT_SYNCED);
        outbound(true, CreateAs.LEAD, true, true);
        String later = "later@" + uniqueDomain("readonly");
        publishJms(message(later, "Later"));
        awaitStatus(later, SyncStatus.SYNCED);

        assertThat(contacts.findById(stored.id()).orElseThrow().syncStatus()).isEqualTo(SyncStatus.NOT_SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).isEmpty();
        assertThat(activity.find(new ActivityQuery(null, null, null, stored.id(), null, 10)))
                .extracting(Activity::reason).contains("OUTBOUND_DISABLED");
    }

    @Test
    void skip_initial_sync_stores_only_until_sync_now_is_requested() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "skip@" + uniqueDomain("skip");

        publishJms("{\"email\":\"" + email + "\",\"lastName\":\"Skip\",\"company\":\"Skip\",\"skipInitialSync\":true}");
        Contact skipped = awaitStatus(email, SyncStatus.SKIPPED);
        assertThat(sfRecords("Lead", "Email", email)).isEmpty();

        var accepted = admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, skipped.id());
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Contact synced = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecord("Lead", synced.sfLeadId())).containsEntry("Company", "Skip");

        var again = admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, skipped.id());
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
    }

    @Test
    void sync_now_uses_the_settings_of_the_moment_it_is_requested() throws Exception {
        outbound(false, CreateAs.LEAD, true, true);
        String email = "notsynced@" + uniqueDomain("now");
        publishJms(message(email, "Now"));
        Contact c = awaitStatus(email, SyncStatus.NOT_SYNCED);

        var refused = admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, c.id());
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        outbound(true, CreateAs.CONTACT, false, false);
        admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, c.id());
        Contact synced = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(synced.sfContactId()).isNotNull();
        assertThat(synced.sfLeadId()).isNull();
    }

    @Test
    void sync_now_of_an_unknown_contact_is_404() {
        assertThat(admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, Long.MAX_VALUE).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void the_same_email_twice_in_any_case_is_one_contact() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String domain = uniqueDomain("twice");
        String email = "twice@" + domain;

        publishJms(message(email, "Twice"), message("TWICE@" + domain.toUpperCase(), "Twice again"));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        publishJms(message(email, "Redelivered"));
        String marker = "marker@" + uniqueDomain("twice");
        publishJms(message(marker, "Marker"));
        awaitStatus(marker, SyncStatus.SYNCED);

        assertThat(contacts.findByEmails(List.of(email))).hasSize(1);
        // Concurrent consumers: whichever message came first made the contact; later ones change nothing.
        assertThat(contacts.findById(c.id()).orElseThrow().companyName()).isEqualTo(c.companyName())
                .isIn("Twice", "Twice again");
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
    }

    @Test
    void a_redelivered_message_for_a_known_email_changes_nothing_whatever_the_contacts_state() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String domain = uniqueDomain("redeliver");
        String failedEmail = "failed@" + domain;
        String skippedEmail = "skipped@" + domain;
        SALESFORCE.org().rejectEmailsMatching(java.util.regex.Pattern.quote(failedEmail), "Refused");
        publishJms(message(failedEmail, "Redeliver"),
                "{\"email\":\"" + skippedEmail + "\",\"lastName\":\"S\",\"skipInitialSync\":true}");
        Contact failed = awaitStatus(failedEmail, SyncStatus.FAILED);
        Contact skipped = awaitStatus(skippedEmail, SyncStatus.SKIPPED);
        SALESFORCE.org().clearRules();

        // The same messages again (a redelivery), another case, other details, another plan.
        outbound(true, CreateAs.CONTACT, false, false);
        publishJms(message(failedEmail, "Redeliver"), message(failedEmail.toUpperCase(), "Other"),
                message(skippedEmail, "Other"));
        String marker = "marker@" + uniqueDomain("redeliver");
        publishJms(message(marker, "Marker"));
        awaitStatus(marker, SyncStatus.SYNCED);

        assertThat(contacts.findByEmails(List.of(failedEmail, skippedEmail))).hasSize(2);
        assertThat(contacts.findById(failed.id()).orElseThrow()).isEqualTo(failed);
        assertThat(contacts.findById(skipped.id()).orElseThrow()).isEqualTo(skipped);
        assertThat(sfRecords("Lead", "Email", failedEmail)).isEmpty();
        assertThat(sfRecords("Contact", "Email", failedEmail)).isEmpty();
        assertThat(sfRecords("Contact", "Email", skippedEmail)).isEmpty();
    }

    @Test
    void a_settings_change_between_store_and_batch_does_not_change_the_contacts_plan() throws Exception {
        outbound(true, CreateAs.CONTACT, true, true);
        String domain = uniqueDomain("plan");
        String email = "plan@" + domain;
        camel.getRouteController().suspendRoute("outbound-salesforce-sync");
        try {
            publishJms(message(email, "Plan"));
            awaitStatus(email, SyncStatus.PENDING);
            outbound(true, CreateAs.LEAD, false, false);
        } finally {
            camel.getRouteController().resumeRoute("outbound-salesforce-sync");
        }

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfContactId()).isNotNull();
        assertThat(c.sfLeadId()).isNull();
        assertThat(sfRecords("Lead", "Email", email)).isEmpty();
        assertThat(sfRecords("Account", "Website", domain)).hasSize(1);
        assertThat(sfRecord("Contact", c.sfContactId())).containsEntry("AccountId", c.sfAccountId());
    }

    @Test
    void malformed_messages_go_to_the_dead_letter_queue_with_the_reason_and_do_not_block_the_queue()
            throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String tag = "malformed" + System.nanoTime();
        String after = "after@" + uniqueDomain("malformed");

        publishJms("{not json " + tag, "{\"firstName\":\"" + tag + "\"}", "{\"email\":\"no-at-sign-" + tag + "\"}",
                message(after, "After"));

        awaitStatus(after, SyncStatus.SYNCED);
        assertReason("{not json " + tag, "not valid JSON");
        assertReason("\"firstName\":\"" + tag, "email is required");
        assertReason("no-at-sign-" + tag, "invalid email");
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, null, "INVALID_MESSAGE", 50)))
                .extracting(Activity::message).anyMatch(m -> m.contains("no-at-sign-" + tag));
    }

    @Test
    void post_api_contacts_publishes_the_message_and_answers_202() {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "posted@" + uniqueDomain("posted");
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);

        var response = admin().postForEntity("/api/contacts",
                new HttpEntity<>("{\"email\":\"" + email + "\",\"company\":\"Posted\",\"source\":\"API\"}", headers),
                Map.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getBody()).containsEntry("email", email).containsKey("messageId");
        assertThat(response.getHeaders().getLocation()).isNotNull();
        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.source()).isEqualTo("API");
    }

    @Test
    void post_api_contacts_rejects_what_the_route_would_dead_letter() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        for (String bad : List.of("{\"email\":\"not-an-email\"}", "{\"firstName\":\"x\"}", "[1,2]", "{oops",
                "{\"email\":\"a@b.com\",\"source\":\"FAX\"}")) {
            var response = admin().postForEntity("/api/contacts", new HttpEntity<>(bad, headers), Map.class);
            assertThat(response.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
        }
        assertThat(rest.postForEntity("/api/contacts",
                new HttpEntity<>("{\"email\":\"x@y.com\"}", headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static void assertReason(String bodyPart, String reason) throws Exception {
        Message m = awaitDeadLetter(bodyPart).orElseThrow();
        assertThat(m.getStringProperty("syncFailureReason")).contains(reason);
    }
}
