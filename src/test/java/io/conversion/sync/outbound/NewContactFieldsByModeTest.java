package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A new contact's Lead or Contact is created with the fields the field map sends: by each field's mode, custom
 * attributes included; what was sent is recorded as the field's last Salesforce value, which later updates decide from.
 */
class NewContactFieldsByModeTest extends OutboundTestSupport {

    @Autowired
    FieldMap fieldMap;

    @Autowired
    FieldStateRepository fieldStates;

    private List<FieldMapping> mapBefore;

    @BeforeEach
    void rememberFieldMap() {
        mapBefore = fieldMap.all();
    }

    @AfterEach
    void restoreFieldMap() {
        fieldMap.replace(mapBefore, "test");
    }

    private void mode(SyncedObject object, String sfField, String conversionField, SyncMode mode) {
        fieldMap.put(new FieldMapping(object, sfField, conversionField, mode), "test");
    }

    private static String withScore(String email, String score) {
        return "{\"email\":\"" + email + "\",\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"company\":\"Acme\","
                + "\"title\":\"CTO\",\"phone\":\"+1 555 0100\",\"attributes\":{\"score\":" + score + "}}";
    }

    @Test
    void a_lead_is_created_with_custom_fields_and_without_the_fields_whose_mode_never_sends() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_SALESFORCE);
        mode(SyncedObject.LEAD, "Phone", "phone", SyncMode.DO_NOT_SYNC);
        mode(SyncedObject.LEAD, "Score__c", "attributes.score", SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY);
        String email = "modes@" + uniqueDomain("create-modes");

        publishJms(withScore(email, "42"));

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        Map<String, Object> lead = sfRecord("Lead", c.sfLeadId());
        assertThat(lead).containsEntry("Email", email).containsEntry("FirstName", "Jane").containsEntry("Company", "Acme");
        assertThat(String.valueOf(lead.get("Score__c"))).isEqualTo("42");
        assertThat(lead.get("Title")).as("ALWAYS_SALESFORCE: Conversion never writes it").isNull();
        assertThat(lead.get("Phone")).as("DO_NOT_SYNC").isNull();
        // Conversion keeps its own values of the fields it did not send.
        assertThat(c.title()).isEqualTo("CTO");
        assertThat(c.attributes()).containsEntry("score", "42");
    }

    @Test
    void a_contact_is_created_with_its_always_conversion_fields_and_the_required_last_name_fallback() throws Exception {
        outbound(true, CreateAs.CONTACT, false, false);
        mode(SyncedObject.CONTACT, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        String email = "nolast@" + uniqueDomain("create-contact");

        publishJms("{\"email\":\"" + email + "\",\"title\":\"Founder\"}");

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecord("Contact", c.sfContactId())).containsEntry("Title", "Founder")
                .containsEntry("LastName", PersonCreation.NOT_PROVIDED).containsEntry("Email", email);
    }

    @Test
    void what_a_create_sent_is_the_last_salesforce_value_so_prefer_salesforce_does_not_overwrite_it_later()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "prefer@" + uniqueDomain("create-state");
        publishJms(withScore(email, "\"7\""));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);

        Map<String, FieldState> states = fieldStates.find(Target.CONTACT, c.id());
        assertThat(states.get("title").sfValue()).isEqualTo("CTO");
        assertThat(states.get("email").sfValue()).isEqualTo(email);
        assertThat(states).doesNotContainKey("attributes.score"); // not mapped by default: not sent

        // Title is PREFER_SALESFORCE_UNLESS_EMPTY (the default): Salesforce now holds the value sent, so a later
        // Conversion change stays in Conversion.
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        assertThat(admin().exchange("/api/contacts/" + c.id(), HttpMethod.PATCH,
                new HttpEntity<>("{\"changes\":{\"title\":\"CEO\"}}", h), String.class).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CEO".equals(contacts.findById(c.id()).get().title()));
        assertThat(sfRecord("Lead", c.sfLeadId()).get("Title")).isEqualTo("CTO");
    }

    @Test
    void the_provenance_of_a_contacts_fields_shows_value_mode_and_the_last_salesforce_value_seen() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "provenance@" + uniqueDomain("provenance");
        publishJms(message(email, "Acme"));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);

        JsonNode body = admin().getForEntity("/api/contacts/" + c.id() + "/fields", JsonNode.class).getBody();

        assertThat(body.path("email").asText()).isEqualTo(email);
        JsonNode title = null;
        for (JsonNode f : body.path("fields")) {
            assertThat(f.path("object").asText()).isEqualTo("Lead"); // linked to a Lead: the Lead's mappings
            if (f.path("conversionField").asText().equals("title")) {
                title = f;
            }
        }
        assertThat(title).isNotNull();
        assertThat(title.path("salesforceField").asText()).isEqualTo("Title");
        assertThat(title.path("value").asText()).isEqualTo("CTO");
        assertThat(title.path("salesforceValue").asText()).isEqualTo("CTO");
        assertThat(title.path("mode").asText()).isEqualTo(fieldMap.mapping(SyncedObject.LEAD, "title").get().mode().name());
        assertThat(title.path("salesforceChangedAt").asText()).isNotBlank();
        assertThat(admin().getForEntity("/api/contacts/999999999/fields", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().getForEntity("/api/companies/" + c.companyId() + "/fields", JsonNode.class).getBody()
                .path("fields").get(0).path("object").asText()).isEqualTo("Account");
    }

    @Test
    void custom_attributes_that_are_not_a_name_value_object_are_refused_with_the_reason() throws Exception {
        String email = "badattr@" + uniqueDomain("badattr");
        var r = admin().postForEntity("/api/contacts", Map.of("email", email, "attributes", List.of(1, 2)),
                String.class);

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody()).contains("attributes must be an object");
    }
}
