package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** createAs LEAD: a Salesforce Lead plus a standalone Conversion company per contact. */
class NewContactAsLeadTest extends OutboundTestSupport {

    @Test
    void a_contact_from_a_jms_producer_becomes_a_lead_with_a_standalone_company() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String domain = uniqueDomain("acme");
        String email = "jane@" + domain;

        publishJms(message(email, "Acme"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        Map<String, Object> lead = sfRecord("Lead", c.sfLeadId());
        assertThat(lead).containsEntry("Email", email).containsEntry("Company", "Acme")
                .containsEntry("FirstName", "Jane").containsEntry("LastName", "Doe").containsEntry("Title", "CTO")
                .containsEntry("Phone", "+1 555 0100");
        assertThat(c.sfContactId()).isNull();
        assertThat(c.sfAccountId()).isNull();
        Company company = company(c);
        assertThat(company.standalone()).isTrue();
        assertThat(company.name()).isEqualTo("Acme");
        assertThat(company.sfAccountId()).isNull();
    }

    @Test
    void the_api_shows_the_synced_contact_and_its_company_in_the_documented_shape() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "api.shape@" + uniqueDomain("shape");
        publishJms(message(email, "Shape Inc"));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);

        var byEmail = admin().getForEntity("/api/contacts?email={e}", Map.class, email.toUpperCase());
        assertThat(byEmail.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(byEmail.getBody()).containsKeys("id", "email", "firstName", "lastName", "title", "phone",
                "companyId", "salesforce", "syncStatus");
        assertThat(byEmail.getBody().get("syncStatus")).isEqualTo("SYNCED");
        assertThat(((Map<?, ?>) byEmail.getBody().get("salesforce")).get("leadId")).isEqualTo(c.sfLeadId());

        var company = admin().getForEntity("/api/companies/{id}", Map.class, c.companyId());
        assertThat(company.getBody()).containsEntry("name", "Shape Inc").containsEntry("standalone", true)
                .containsKeys("id", "domain", "salesforce");
    }

    @Test
    void a_lead_without_company_falls_back_to_the_email_domain() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String domain = uniqueDomain("nocompany");
        String email = "sam@" + domain;

        publishJms(message(email));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecord("Lead", c.sfLeadId())).containsEntry("Company", domain);
    }

    @Test
    void a_lead_from_a_personal_mailbox_without_company_is_marked_not_provided() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "lead." + System.nanoTime() + "@gmail.com";

        publishJms("{\"email\":\"" + email + "\"}");

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecord("Lead", c.sfLeadId())).containsEntry("Company", "[not provided]")
                .containsEntry("LastName", "[not provided]");
    }

    @Test
    void a_stomp_producer_is_consumed_like_any_other() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "stomp@" + uniqueDomain("stomp");

        publishStomp(message(email, "Stomp Ltd"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecord("Lead", c.sfLeadId())).containsEntry("Company", "Stomp Ltd");
    }

    @Test
    void every_write_carries_our_client_name_so_inbound_recognises_the_echo() throws Exception {
        outbound(true, CreateAs.LEAD, true, true);
        String email = "echo@" + uniqueDomain("echo");
        publishJms(message(email, "Echo"));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);

        var events = SALESFORCE.events().retained().stream()
                .filter(e -> e.data().toString().contains(c.sfLeadId())).toList();
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).data().path("payload").path("ChangeEventHeader").path("changeOrigin").asText())
                .endsWith(";client=conversion-sync");
    }
}
