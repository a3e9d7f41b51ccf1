package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A Lead a sales rep makes for a contact not synced yet links it (SYNCED, no second Lead from outbound), and a
 * record deleted in Salesforce shows DELETED_IN_SALESFORCE until "sync now" re-creates it.
 */
class HandMadeAndDeletedRecordsTest extends OutboundTestSupport {

    @Autowired
    ActivityLog activity;

    @BeforeEach
    void inboundPeopleOn() {
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, settings.get().inbound().accounts()),
                settings.get().outbound()), "test");
        outbound(true, CreateAs.LEAD, false, false);
    }

    private boolean logged(long contactId, String action) {
        return activity.find(new ActivityQuery(null, Activity.Outcome.APPLIED, null, contactId, null, 50)).stream()
                .anyMatch(a -> action.equals(a.action()));
    }

    private String repCreatesLead(String email) {
        return SALESFORCE.org().create("Lead", Map.of("LastName", "Rep", "Company", "Hand Made", "Email", email));
    }

    @Test
    void a_lead_a_rep_creates_for_a_skipped_contact_makes_it_synced_and_sync_now_has_nothing_left_to_create()
            throws Exception {
        String email = "skipped@" + uniqueDomain("handmade");
        publishJms("{\"email\":\"" + email + "\",\"skipInitialSync\":true}");
        Contact skipped = awaitStatus(email, SyncStatus.SKIPPED);

        String leadId = repCreatesLead(email);

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        assertThat(logged(skipped.id(), "LINKED_BY_SALESFORCE")).isTrue();
        assertThat(admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, c.id()).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
    }

    @Test
    void a_lead_a_rep_creates_for_a_failed_contact_makes_it_synced() throws Exception {
        String email = "failed@" + uniqueDomain("handmade");
        SALESFORCE.org().rejectEmailsMatching(Pattern.quote(email), "Not from the integration");
        publishJms(message(email));
        awaitStatus(email, SyncStatus.FAILED);
        SALESFORCE.org().clearRules();

        String leadId = repCreatesLead(email);

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        assertThat(c.syncError()).isNull();
    }

    @Test
    void a_lead_a_rep_creates_while_the_contact_is_pending_is_the_only_lead() throws Exception {
        String email = "pending@" + uniqueDomain("handmade");
        SALESFORCE.faults().slow(1, 3000); // the batch's first call: the contact is being sent meanwhile
        publishJms(message(email));
        awaitStatus(email, SyncStatus.PENDING);

        String leadId = repCreatesLead(email);

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        // The batch in flight finishes without a second Lead (it finds the contact linked, or the Lead by email).
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                .until(() -> sfRecords("Lead", "Email", email).size() == 1);
        assertThat(contacts.findById(c.id()).orElseThrow().sfLeadId()).isEqualTo(leadId);
    }

    @Test
    void a_lead_deleted_in_salesforce_shows_deleted_and_sync_now_creates_it_again() throws Exception {
        String email = "deleted@" + uniqueDomain("deleted");
        publishJms(message(email, "Gone"));
        Contact synced = awaitStatus(email, SyncStatus.SYNCED);

        SALESFORCE.org().delete("Lead", synced.sfLeadId());

        Contact deleted = awaitStatus(email, SyncStatus.DELETED_IN_SALESFORCE);
        assertThat(deleted.sfLeadId()).isNull();
        var api = admin().getForEntity("/api/contacts/{id}", Map.class, deleted.id());
        assertThat(api.getBody()).containsEntry("syncStatus", "DELETED_IN_SALESFORCE");
        // recreate-deleted is off by default: a Conversion change alone does not bring the Lead back.
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        admin().exchange("/api/contacts/" + deleted.id(), HttpMethod.PATCH,
                new HttpEntity<>("{\"changes\":{\"title\":\"Back\"}}", h), String.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Back".equals(contacts.findById(deleted.id())
                .orElseThrow().title()));
        assertThat(contacts.findById(deleted.id()).orElseThrow().syncStatus())
                .isEqualTo(SyncStatus.DELETED_IN_SALESFORCE);

        assertThat(admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, deleted.id()).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        Contact again = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(again.sfLeadId()).isNotNull().isNotEqualTo(synced.sfLeadId());
        assertThat(sfRecord("Lead", again.sfLeadId())).containsEntry("Email", email).containsEntry("Title", "Back");
    }
}
