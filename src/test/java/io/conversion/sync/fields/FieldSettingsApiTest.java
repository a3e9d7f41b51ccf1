package io.conversion.sync.fields;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code /api/settings/fields}: the field map read, changed one mapping or whole, checked, and audited. */
class FieldSettingsApiTest extends SyncTestSupport {

    private static final String API = "/api/settings/fields";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    FieldMap fieldMap;

    private List<FieldMapping> before;

    @BeforeEach
    void rememberMap() {
        before = fieldMap.all();
    }

    @AfterEach
    void restoreMap() {
        SALESFORCE.faults().clear();
        fieldMap.replace(before, "test");
    }

    @Test
    void lists_every_mapping_with_its_object_fields_and_mode() {
        ResponseEntity<JsonNode> r = admin().getForEntity(API, JsonNode.class);

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody()).hasSize(before.size());
        JsonNode title = find(r.getBody(), "Lead", "Title");
        assertThat(title.path("conversionField").asText()).isEqualTo("title");
        assertThat(title.path("mode").asText()).isEqualTo(fieldMap.mapping(SyncedObject.LEAD, "title").get().mode()
                .name());
    }

    @Test
    void changing_the_mode_of_one_field_takes_effect_at_once_and_is_in_the_history_with_who_and_before_after() {
        ResponseEntity<JsonNode> r = put(API + "/Lead/title", "{\"mode\":\"ALWAYS_SALESFORCE\"}");

        assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(find(r.getBody(), "Lead", "Title").path("mode").asText()).isEqualTo("ALWAYS_SALESFORCE");
        assertThat(fieldMap.mapping(SyncedObject.LEAD, "title").get().mode()).isEqualTo(SyncMode.ALWAYS_SALESFORCE);
        JsonNode last = admin().getForEntity(API + "/history?limit=1", JsonNode.class).getBody().get(0);
        assertThat(last.path("changedBy").asText()).isEqualTo("admin");
        assertThat(last.path("before").path("mode").asText()).isNotEqualTo("ALWAYS_SALESFORCE");
        assertThat(last.path("after").path("mode").asText()).isEqualTo("ALWAYS_SALESFORCE");
        assertThat(last.path("after").path("salesforceField").asText()).isEqualTo("Title");
    }

    @Test
    void a_custom_field_created_in_salesforce_after_the_describe_was_cached_can_be_mapped_at_once() {
        put(API + "/Lead/Title", "{\"mode\":\"TWO_WAY\"}"); // a known field: no describe needed
        assertThat(put(API + "/Lead/Rating__x", "{\"conversionField\":\"attributes.rating\"}").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST); // describes Lead: cached from here on
        String field = "Fit" + UUID.randomUUID().toString().substring(0, 6) + "__c";
        SALESFORCE.org().addCustomField("Lead", field, "string", 80, "Fit");

        ResponseEntity<JsonNode> r = put(API + "/Lead/" + field.toLowerCase(),
                "{\"conversionField\":\"attributes.fit\",\"mode\":\"ALWAYS_CONVERSION\"}");

        assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
        // Stored as Salesforce spells it, whatever the case the request used.
        JsonNode added = find(r.getBody(), "Lead", field);
        assertThat(added.path("conversionField").asText()).isEqualTo("attributes.fit");
        assertThat(added.path("mode").asText()).isEqualTo("ALWAYS_CONVERSION");
    }

    @Test
    void a_field_is_checked_against_the_cached_describe_without_a_call_per_request() {
        String field = "Tier" + UUID.randomUUID().toString().substring(0, 6) + "__c";
        SALESFORCE.org().addCustomField("Contact", field, "string", 40, "Tier");
        put(API + "/Contact/" + field, "{\"conversionField\":\"attributes.tier\"}");
        fieldMap.replace(before, "test");
        long describes = SALESFORCE.usage().count("sobject.describe");

        ResponseEntity<JsonNode> again = put(API + "/Contact/" + field, "{\"conversionField\":\"attributes.tier\"}");

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(SALESFORCE.usage().count("sobject.describe") - describes).isZero();
    }

    @Test
    void a_salesforce_field_the_object_does_not_have_is_refused_with_a_message_naming_it() {
        ResponseEntity<JsonNode> r = put(API + "/Account/NoSuchField__c", "{\"conversionField\":\"attributes.x\"}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().path("message").asText()).contains("Account has no field NoSuchField__c");
        assertThat(fieldMap.all()).isEqualTo(before);
    }

    @Test
    void an_unknown_mode_or_object_is_refused_naming_the_known_ones() {
        ResponseEntity<JsonNode> mode = put(API + "/Lead/Title", "{\"mode\":\"SOMETIMES\"}");
        ResponseEntity<JsonNode> object = put(API + "/Opportunity/Name", "{\"conversionField\":\"name\"}");

        assertThat(mode.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(mode.getBody().path("message").asText()).contains("SOMETIMES").contains("TWO_WAY");
        assertThat(object.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(object.getBody().path("message").asText()).contains("unknown object Opportunity")
                .contains("Lead, Contact, Account");
    }

    @Test
    void two_salesforce_fields_mapped_to_one_conversion_field_are_refused() {
        ResponseEntity<JsonNode> r = put(API + "/Lead/MobilePhone", "{\"conversionField\":\"phone\"}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().path("message").asText()).contains("two Salesforce fields of Lead map to phone");
        assertThat(fieldMap.all()).isEqualTo(before);
    }

    @Test
    void the_email_cannot_be_excluded_from_the_sync() {
        ResponseEntity<JsonNode> r = put(API + "/Contact/Email", "{\"mode\":\"DO_NOT_SYNC\"}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().path("message").asText()).contains("email").contains("DO_NOT_SYNC");
    }

    @Test
    void a_body_with_an_unknown_key_or_no_conversion_field_for_a_new_mapping_is_refused() {
        ResponseEntity<JsonNode> typo = put(API + "/Lead/Title", "{\"mdoe\":\"TWO_WAY\"}");
        ResponseEntity<JsonNode> incomplete = put(API + "/Lead/Website", "{\"mode\":\"TWO_WAY\"}");
        ResponseEntity<JsonNode> notJson = put(API, "[{\"object\":");

        assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(typo.getBody().path("message").asText()).contains("unknown field 'mdoe'");
        assertThat(incomplete.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(incomplete.getBody().path("message").asText()).contains("conversionField is required");
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notJson.getBody().path("message").asText()).contains("malformed JSON");
    }

    @Test
    void replacing_the_whole_map_keeps_exactly_the_list_sent_and_records_each_change() {
        List<FieldMapping> next = before.stream()
                .filter(m -> !(m.object() == SyncedObject.CONTACT && m.conversionField().equals("phone")))
                .map(m -> m.object() == SyncedObject.ACCOUNT && m.salesforceField().equals("Name")
                        ? m.withMode(SyncMode.ALWAYS_SALESFORCE) : m)
                .toList();
        StringBuilder body = new StringBuilder("[");
        next.forEach(m -> body.append(body.length() > 1 ? "," : "").append(FieldMappingJson.node(m)));
        long historyBefore = admin().getForEntity(API + "/history?limit=1000", JsonNode.class).getBody().size();

        ResponseEntity<JsonNode> r = put(API, body.append("]").toString());

        assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(fieldMap.all()).containsExactlyInAnyOrderElementsOf(next);
        JsonNode history = admin().getForEntity(API + "/history?limit=1000", JsonNode.class).getBody();
        assertThat(history.size() - historyBefore).isEqualTo(2); // one removed, one changed
    }

    @Test
    void while_salesforce_cannot_be_asked_a_new_field_is_answered_503_but_a_mode_change_still_works() {
        SALESFORCE.faults().unavailable(20);
        String field = "Unseen" + UUID.randomUUID().toString().substring(0, 6) + "__c";

        ResponseEntity<JsonNode> unchecked = put(API + "/Lead/" + field, "{\"conversionField\":\"attributes.u\"}");
        ResponseEntity<JsonNode> mode = put(API + "/Lead/Phone", "{\"mode\":\"ALWAYS_CONVERSION\"}");

        assertThat(unchecked.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(unchecked.getBody().path("message").asText()).contains("describe of Lead is unavailable");
        assertThat(mode.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(fieldMap.mapping(SyncedObject.LEAD, "phone").get().mode()).isEqualTo(SyncMode.ALWAYS_CONVERSION);
    }

    @Test
    void the_api_needs_credentials() {
        assertThat(rest.getForEntity(API, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    // ---- helpers ----

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD);
    }

    private ResponseEntity<JsonNode> put(String path, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().exchange(path, HttpMethod.PUT, new HttpEntity<>(body, h), JsonNode.class);
    }

    private static JsonNode find(JsonNode list, String object, String salesforceField) {
        for (JsonNode n : list) {
            if (n.path("object").asText().equals(object)
                    && n.path("salesforceField").asText().equalsIgnoreCase(salesforceField)) {
                return n;
            }
        }
        throw new AssertionError(object + "." + salesforceField + " not in " + list);
    }
}
