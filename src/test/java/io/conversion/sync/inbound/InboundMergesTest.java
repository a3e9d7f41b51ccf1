package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Salesforce merges followed, through the real consumer and the emulator's merge (losers deleted with MasterRecordId,
 * winner updated, one transaction): one Conversion contact (or company) remains, the other is kept as merged into it
 * and resolvable by its id; one MasterRecordId lookup per batch. Duplicate emails in Salesforce are listed on the
 * contact until they are merged.
 */
class InboundMergesTest extends InboundTestSupport {

    @Autowired
    TestRestTemplate rest;

    private Map<?, ?> api(String path, Object id) {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD).getForObject(path, Map.class, id);
    }

    private Contact contact(long id) {
        return contacts.findById(id).orElseThrow();
    }

    private List<Activity> history(long contactId) {
        return activityLog.find(new ActivityQuery(null, null, null, contactId, null, 100));
    }

    private void outboundOn() {
        var out = settings.get().outbound();
        settings.update(new SyncSettings(settings.get().inbound(), new SyncSettings.Outbound(true, out.createAs(),
                out.linkToAccountsByDomain(), out.createAccounts())), "merge-test");
    }

    @Test
    void a_merge_of_three_leads_folds_the_losers_conversion_contact_into_the_winners_and_forgets_the_duplicate()
            throws Exception {
        outboundOn();
        listenToTriggers();
        String email = email("o'hara"); // a quote: escaped wherever it reaches SOQL
        String winnerId = org().create("Lead", lead(email));
        Contact winner = awaitContact(email);
        String loserEmail = email("o'hara.old");
        Map<String, Object> loserFields = lead(loserEmail);
        loserFields.put("Title", "CTO");
        loserFields.put("Phone", "+1 555 0199");
        String loserId = org().create("Lead", loserFields);
        Contact loser = awaitContact(loserEmail);
        // A third Lead with the winner's email: not synced in, listed on the winner's contact as a duplicate.
        String duplicateId = org().create("Lead", lead(email));
        awaitActivity(duplicateId, "DUPLICATE_EMAIL");
        assertThat(api("/api/contacts/{id}", winner.id()).get("salesforce").toString())
                .contains("duplicates=[{object=Lead, id=" + duplicateId + "}]");
        awaitQuiet();
        SALESFORCE.usage().reset();

        org().merge("Lead", winnerId, List.of(loserId, duplicateId), Map.of());

        Activity merged = awaitActivity(loserId, "MERGED");
        awaitQuiet();
        assertThat(merged.contactId()).isEqualTo(winner.id());
        assertThat(merged.message()).contains(loserId, winnerId, "Conversion contact " + loser.id() + " merged into "
                + winner.id());
        Contact survivor = contact(winner.id());
        assertThat(survivor.sfLeadId()).isEqualTo(winnerId);
        assertThat(survivor.email()).isEqualTo(email);
        assertThat(survivor.syncStatus()).isEqualTo(SyncStatus.SYNCED);
        // Default mode (prefer Salesforce unless empty): the winner had no title or phone, the loser's fill them.
        assertThat(survivor.title()).isEqualTo("CTO");
        assertThat(survivor.phone()).isEqualTo("+1 555 0199");
        Contact folded = contact(loser.id());
        assertThat(folded.syncStatus()).isEqualTo(SyncStatus.MERGED);
        assertThat(folded.sfLeadId()).isNull();
        assertThat(folded.email()).isEqualTo(loserEmail);

        Map<?, ?> old = api("/api/contacts/{id}", loser.id());
        assertThat(old.get("syncStatus")).isEqualTo("MERGED");
        assertThat(((Number) old.get("mergedIntoId")).longValue()).isEqualTo(winner.id());
        Map<?, ?> kept = api("/api/contacts/{id}", winner.id());
        assertThat(kept.get("mergedFromIds").toString()).isEqualTo("[" + loser.id() + "]");
        assertThat(kept.get("salesforce").toString()).contains("duplicates=[]");
        // One history: the loser's rows are the survivor's too.
        assertThat(history(winner.id())).anySatisfy(a -> {
            assertThat(a.sfId()).isEqualTo(loserId);
            assertThat(a.action()).isEqualTo("CREATED");
        });
        // The duplicate Lead had no contact: an ordinary delete, nothing to fold.
        assertThat(count(duplicateId, "MERGED")).isZero();

        JsonNode trigger = awaitTriggers(loserId, 2).stream().filter(t -> "MERGED".equals(t.path("changeType")
                .asText())).findFirst().orElseThrow();
        assertThat(trigger.get("conversionId").asLong()).isEqualTo(winner.id());
        assertThat(trigger.get("mergedConversionId").asLong()).isEqualTo(loser.id());
        assertThat(trigger.get("masterRecordId").asText()).isEqualTo(winnerId);
        assertThat(SALESFORCE.usage().count("composite")).as("one MasterRecordId lookup for the batch").isEqualTo(1);
        // The values taken from the loser reach the winning Lead (its fields were empty: the mode fills them).
        await().atMost(WAIT).untilAsserted(() -> assertThat(org().get("Lead", winnerId).orElseThrow())
                .containsEntry("Title", "CTO"));
    }

    @Test
    void a_lead_merged_into_a_lead_conversion_does_not_hold_makes_its_contact_follow_the_winner() throws Exception {
        String email = email("follow");
        String loserId = org().create("Lead", lead(email));
        Contact c = awaitContact(email);
        Map<String, Object> winnerFields = lead(email);
        winnerFields.put("Title", "Winner's title");
        String winnerId = org().create("Lead", winnerFields);
        awaitActivity(winnerId, "DUPLICATE_EMAIL");
        assertThat(api("/api/contacts/{id}", c.id()).get("salesforce").toString()).contains(winnerId);

        org().merge("Lead", winnerId, List.of(loserId), Map.of());

        awaitActivity(loserId, "MERGED");
        await().atMost(WAIT).until(() -> "Winner's title".equals(contact(c.id()).title()));
        Contact after = contact(c.id());
        assertThat(after.sfLeadId()).isEqualTo(winnerId);
        assertThat(after.syncStatus()).isEqualTo(SyncStatus.SYNCED);
        assertThat(api("/api/contacts/{id}", c.id()).get("salesforce").toString()).contains("duplicates=[]");
    }

    @Test
    void a_contact_merge_where_the_winner_takes_the_losers_email_leaves_one_contact_with_that_email()
            throws Exception {
        String winnerEmail = email("winner");
        String loserEmail = email("loser");
        String winnerId = org().create("Contact", Map.of("LastName", "Winner", "Email", winnerEmail));
        Contact winner = awaitContact(winnerEmail);
        String loserId = org().create("Contact", Map.of("LastName", "Loser", "Email", loserEmail,
                "Phone", "+1 555 0123"));
        Contact loser = awaitContact(loserEmail);

        org().merge("Contact", winnerId, List.of(loserId), Map.of("Email", loserEmail));

        awaitActivity(loserId, "MERGED");
        await().atMost(WAIT).until(() -> loserEmail.equals(contact(winner.id()).email()));
        awaitQuiet();
        assertThat(count(winnerId, "DUPLICATE_EMAIL")).isZero();
        assertThat(contacts.findByEmail(loserEmail).orElseThrow().id()).isEqualTo(winner.id());
        assertThat(contact(winner.id()).sfContactId()).isEqualTo(winnerId);
        assertThat(contact(winner.id()).phone()).isEqualTo("+1 555 0123");
        assertThat(contact(loser.id()).syncStatus()).isEqualTo(SyncStatus.MERGED);
        assertThat(contacts.mergedInto(loser.id())).contains(winner.id());

        // A Conversion change addressed to the merged contact's id is the surviving contact's.
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        rest.withBasicAuth("admin", ADMIN_PASSWORD).exchange("/api/contacts/" + loser.id(), HttpMethod.PATCH,
                new HttpEntity<>("{\"changes\":{\"title\":\"Merged VP\"}}", h), String.class);
        await().atMost(WAIT).until(() -> "Merged VP".equals(contact(winner.id()).title()));
        assertThat(contact(loser.id()).title()).isNull();
    }

    @Test
    void an_account_merge_moves_the_losers_contacts_to_the_winners_company() throws Exception {
        String winnerId = org().create("Account", Map.of("Name", "Winner Corp", "Website",
                "https://" + email("w").replace("@", ".")));
        String loserId = org().create("Account", Map.of("Name", "Loser Corp"));
        String email = email("employee");
        String contactId = org().create("Contact", Map.of("LastName", "Employee", "Email", email,
                "AccountId", loserId));
        Contact c = awaitContact(email);
        awaitQuiet();
        Company winnerCompany = companies.findBySfAccountId(winnerId).orElseThrow();
        Company loserCompany = companies.findBySfAccountId(loserId).orElseThrow();
        assertThat(c.companyId()).isEqualTo(loserCompany.id());
        SALESFORCE.usage().reset();

        org().merge("Account", winnerId, List.of(loserId), Map.of());

        Activity merged = awaitActivity(loserId, "MERGED");
        assertThat(merged.companyId()).isEqualTo(winnerCompany.id());
        Contact moved = contact(c.id());
        assertThat(moved.sfAccountId()).isEqualTo(winnerId);
        assertThat(moved.companyId()).isEqualTo(winnerCompany.id());
        assertThat(moved.sfContactId()).isEqualTo(contactId);
        assertThat(companies.mergedInto(loserCompany.id())).contains(winnerCompany.id());
        assertThat(company(loserCompany.id()).sfAccountId()).isNull();
        Map<?, ?> old = api("/api/companies/{id}", loserCompany.id());
        assertThat(((Number) old.get("mergedIntoId")).longValue()).isEqualTo(winnerCompany.id());
        assertThat(company(winnerCompany.id()).name()).isEqualTo("Winner Corp");
        assertThat(SALESFORCE.usage().count("composite")).isEqualTo(1);
    }

    @Test
    void an_ordinary_delete_is_no_merge() {
        String email = email("deleted");
        String leadId = org().create("Lead", lead(email));
        Contact c = awaitContact(email);

        org().delete("Lead", leadId);

        awaitActivity(leadId, "DELETED");
        assertThat(count(leadId, "MERGED")).isZero();
        assertThat(contact(c.id()).syncStatus()).isEqualTo(SyncStatus.DELETED_IN_SALESFORCE);
    }
}
