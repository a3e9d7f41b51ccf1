package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * Match before create: a new Conversion contact whose email Salesforce already has is linked to that record (never a
 * second Lead/Contact), with at most one lookup call per batch, and none when Conversion's mirror is complete.
 */
class MatchBeforeCreateTest extends OutboundTestSupport {

    @Autowired
    ActivityLog activity;

    /** Inbound Leads and Contacts off: records seeded below never sync in, and the mirror is incomplete. */
    private void inboundPeopleOff() {
        settings.update(new SyncSettings(new SyncSettings.Inbound(false, false, settings.get().inbound().accounts()),
                settings.get().outbound()), "test");
    }

    private List<Activity> matched(long contactId) {
        return activity.find(new ActivityQuery(Activity.Direction.OUTBOUND, Activity.Outcome.APPLIED, null, contactId,
                null, 20)).stream().filter(a -> "MATCHED_EXISTING".equals(a.action())).toList();
    }

    @Test
    void an_email_salesforce_already_has_as_a_lead_is_linked_to_that_lead_with_one_lookup_and_no_create()
            throws Exception {
        inboundPeopleOff();
        outbound(true, CreateAs.LEAD, false, false);
        String email = "existing@" + uniqueDomain("match");
        String leadId = SALESFORCE.org().create("Lead", Map.of("LastName", "Doe", "Company", "Existing Co",
                "Email", email, "Title", "VP Sales"));
        SALESFORCE.usage().reset();

        publishJms(message(email, "Acme"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(SALESFORCE.usage().count("composite")).isEqualTo(1);
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).isZero();
        assertThat(matched(c.id())).singleElement().satisfies(a -> assertThat(a.sfId()).isEqualTo(leadId));
        // Fields by mode (default: prefer Salesforce unless empty): Salesforce's title is kept and taken into
        // Conversion; the phone Salesforce lacks is filled in from Conversion by an outbound update.
        assertThat(c.title()).isEqualTo("VP Sales");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sfRecord("Lead", leadId)).containsEntry("Phone", "+1 555 0100")
                        .containsEntry("Title", "VP Sales"));
    }

    @Test
    void a_contact_wins_over_a_lead_and_the_other_records_are_named_as_duplicates() throws Exception {
        inboundPeopleOff();
        outbound(true, CreateAs.LEAD, false, false);
        String email = "both@" + uniqueDomain("match");
        String leadId = SALESFORCE.org().create("Lead", Map.of("LastName", "Doe", "Company", "Co", "Email", email));
        String contactId = SALESFORCE.org().create("Contact", Map.of("LastName", "Doe", "Email", email));

        publishJms(message(email));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfContactId()).isEqualTo(contactId);
        assertThat(c.sfLeadId()).isNull();
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(sfRecords("Contact", "Email", email)).hasSize(1);
        assertThat(matched(c.id())).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("DUPLICATES_IN_SALESFORCE");
            assertThat(a.message()).contains("Lead " + leadId);
        });
        // Listed on the contact, so an admin can merge them in Salesforce.
        Map<?, ?> salesforce = (Map<?, ?>) admin().getForObject("/api/contacts/{id}", Map.class, c.id())
                .get("salesforce");
        assertThat(salesforce.get("duplicates")).isEqualTo(List.of(Map.of("object", "Lead", "id", leadId)));
    }

    @Test
    void an_unconverted_lead_wins_over_a_converted_one_then_the_most_recently_modified() throws Exception {
        inboundPeopleOff();
        outbound(true, CreateAs.CONTACT, false, false);
        String email = "leads@" + uniqueDomain("match");
        String converted = SALESFORCE.org().create("Lead", Map.of("LastName", "A", "Company", "Co", "Email", email));
        SALESFORCE.org().convertLead(converted, null, null, "Closed - Converted");
        // The Contact of the conversion gets another email: only the two Leads match.
        String convertedContact = (String) SALESFORCE.org().get("Lead", converted).orElseThrow()
                .get("ConvertedContactId");
        SALESFORCE.org().update("Contact", convertedContact, Map.of("Email", "moved." + email));
        String older = SALESFORCE.org().create("Lead", Map.of("LastName", "B", "Company", "Co", "Email", email));
        String newer = SALESFORCE.org().create("Lead", Map.of("LastName", "C", "Company", "Co", "Email", email));
        SALESFORCE.org().update("Lead", newer, Map.of("Title", "Touched"));

        publishJms(message(email));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        // Both unconverted; the newer wins when their LastModifiedDate differ (the emulator may stamp both in one ms).
        assertThat(c.sfLeadId()).isIn(older, newer);
        assertThat(sfRecords("Contact", "Email", email)).isEmpty(); // no Contact created although the plan says so
        assertThat(matched(c.id())).singleElement().satisfies(a -> assertThat(a.message()).contains(converted));
    }

    @Test
    void an_email_with_a_quote_is_looked_up_escaped_and_matched() throws Exception {
        inboundPeopleOff();
        outbound(true, CreateAs.LEAD, false, false);
        String email = "o'brien@" + uniqueDomain("quote");
        String leadId = SALESFORCE.org().create("Lead", Map.of("LastName", "O'Brien", "Company", "Co", "Email", email));

        publishJms("{\"email\":\"" + email + "\",\"lastName\":\"O'Brien\"}");

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
    }

    @Test
    void a_thousand_new_contacts_of_which_thirty_percent_exist_cost_one_lookup_per_batch() throws Exception {
        inboundPeopleOff();
        outbound(true, CreateAs.LEAD, false, false);
        String domain = uniqueDomain("thirty");
        List<String> emails = IntStream.range(0, 1000).mapToObj(i -> "p" + i + "@" + domain).toList();
        List<String> existing = new ArrayList<>();
        SALESFORCE.org().inTransaction("", tx -> {
            for (int i = 0; i < 1000; i += 10) {
                for (int j = 0; j < 3; j++) {
                    Map<String, Object> f = new HashMap<>(Map.of("FirstName", "Jane", "LastName", "Doe",
                            "Company", "Co", "Email", emails.get(i + j)));
                    existing.add(tx.insert("Lead", f));
                }
            }
            return null;
        });
        SALESFORCE.usage().reset();

        publishJms(emails.stream().map(OutboundTestSupport::message).toList());

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> contacts
                .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == 1000);
        long lookups = SALESFORCE.usage().count("composite");
        long creates = SALESFORCE.usage().count("composite.sobjects.create");
        System.out.println("MATCH-BEFORE-CREATE: 1000 new contacts, 300 existing in Salesforce -> "
                + SALESFORCE.usage().total() + " API calls " + SALESFORCE.usage().toJson());
        assertThat(lookups).isEqualTo(creates).isBetween(5L, 10L); // one lookup per batch that creates
        assertThat(SALESFORCE.usage().count("query")).isZero();
        assertThat(SALESFORCE.org().all("Lead").stream().filter(r -> String.valueOf(r.get("Email")).endsWith(domain)))
                .hasSize(1000);
        assertThat(contacts.findByEmails(emails).stream().map(Contact::sfLeadId)).containsAll(existing);
    }

    @Test
    void with_the_mirror_complete_no_lookup_call_is_made() throws Exception {
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, settings.get().inbound().accounts()),
                settings.get().outbound()), "test");
        var started = admin().postForEntity("/api/sync/initial-import",
                Map.of("objects", List.of("Contact", "Lead")), JsonNode.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = started.getBody().path("id").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> !"RUNNING".equals(
                admin().getForObject("/api/sync/initial-import/" + id, JsonNode.class).path("state").asText()));
        assertThat(admin().getForObject("/api/sync/initial-import/" + id, JsonNode.class).path("state").asText())
                .isEqualTo("DONE");
        outbound(true, CreateAs.LEAD, false, false);
        String email = "mirror@" + uniqueDomain("mirror");
        SALESFORCE.usage().reset();

        publishJms(message(email, "Mirror"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.sfLeadId()).isNotNull();
        assertThat(SALESFORCE.usage().count("composite")).isZero();
        assertThat(SALESFORCE.usage().count("query")).isZero();
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).isEqualTo(1);
    }
}
