package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.emulator.WireClient.Resp;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;
import org.apache.camel.component.salesforce.api.dto.SObjectField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Salesforce behaviours clients depend on, checked on the wire with java.net.http (and describe through camel-salesforce). */
class EmulatorFidelityTest extends EmulatorWireTestBase {
    @BeforeAll
    static void declareFields() {
        emu.org().addCustomField("Lead", "Score__c", "double", null, null);
    }

    private static List<String> ids(Resp queryResult) {
        return StreamSupport.stream(queryResult.json().get("records").spliterator(), false).map(r -> r.get("Id").asText()).toList();
    }

    // ------------------------------------------------------------------ field names are case-insensitive

    @Test
    void sobject_create_and_update_accept_field_names_in_any_case_and_store_canonical_names() throws Exception {
        Resp created = wire.rest("POST", "/sobjects/lead", "{\"lastname\":\"Doe\",\"COMPANY\":\"Acme\",\"email\":\"jd@acme.com\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(wire.rest("PATCH", "/sobjects/Lead/" + id, "{\"TITLE\":\"CTO\",\"id\":\"" + id + "\"}").status()).isEqualTo(204);
        Resp rec = wire.rest("GET", "/sobjects/Lead/" + id + "?fields=lastname,title", null);
        assertThat(rec.json().get("LastName").asText()).isEqualTo("Doe");
        assertThat(rec.json().get("Title").asText()).isEqualTo("CTO");
        assertThat(emu.org().get("Lead", id).orElseThrow()).containsEntry("Company", "Acme").containsEntry("Email", "jd@acme.com");
        Resp withId = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"X\",\"Company\":\"Y\",\"id\":\"" + id + "\"}");
        assertThat(withId.status()).isEqualTo(400);
        assertThat(withId.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void soql_field_names_are_case_insensitive_and_results_use_canonical_names() throws Exception {
        emu.org().create("Lead", Map.of("LastName", "Doe", "Company", "Acme", "Email", "JD@acme.com"));
        Resp r = wire.query("query", "select id, lastname, EMAIL from LEAD where email = 'jd@ACME.com' order by LASTNAME limit 5");
        assertThat(r.status()).isEqualTo(200);
        JsonNode rec = r.json().get("records").get(0);
        assertThat(rec.fieldNames()).toIterable().containsExactly("attributes", "Id", "LastName", "Email");
        assertThat(rec.get("attributes").get("type").asText()).isEqualTo("Lead");
    }

    // ------------------------------------------------------------------ sObject Collections update

    @Test
    void collections_update_accepts_lowercase_id_and_type_and_reports_per_record_errors() throws Exception {
        String a = emu.org().create("Lead", Map.of("LastName", "A", "Company", "Acme"));
        String b = emu.org().create("Lead", Map.of("LastName", "B", "Company", "Acme"));
        Resp r = wire.rest("PATCH", "/composite/sobjects", "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"lead\"},\"id\":\"" + a + "\",\"title\":\"CEO\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + b + "\",\"Email\":\"not an email\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"no id\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"00Q000000000zzzAAA\",\"Title\":\"x\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get(0).toString()).isEqualTo("{\"id\":\"" + a + "\",\"success\":true,\"errors\":[]}");
        assertThat(r.json().get(1).at("/errors/0/statusCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(r.json().get(2).at("/errors/0/statusCode").asText()).isEqualTo("MISSING_ARGUMENT");
        assertThat(r.json().get(3).at("/errors/0/statusCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(emu.org().get("Lead", a).orElseThrow().get("Title")).isEqualTo("CEO");
        assertThat(emu.org().get("Lead", b).orElseThrow().get("Email")).isNull();
    }

    @Test
    void collections_update_all_or_none_rolls_back_every_record_when_one_fails() throws Exception {
        String a = emu.org().create("Lead", Map.of("LastName", "A", "Company", "Acme"));
        int before = emu.events().retained().size();
        Resp r = wire.rest("PATCH", "/composite/sobjects", "{\"allOrNone\":true,\"records\":["
                + "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"" + a + "\",\"Title\":\"CEO\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"" + a + "\",\"LastName\":\"" + "x".repeat(81) + "\"}]}");
        assertThat(r.json().get(0).at("/errors/0/statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(r.json().get(1).at("/errors/0/statusCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(emu.org().get("Lead", a).orElseThrow().get("Title")).isNull();
        assertThat(emu.events().retained()).hasSize(before);
    }

    @Test
    void collections_update_of_more_than_200_records_is_refused() throws Exception {
        String rec = "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"00Q000000000001AAA\"}";
        Resp r = wire.rest("PATCH", "/composite/sobjects", "{\"records\":[" + String.join(",", java.util.Collections.nCopies(201, rec)) + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get(0).get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
    }

    // ------------------------------------------------------------------ lengths

    @Test
    void text_longer_than_the_field_allows_is_refused_with_string_too_long() throws Exception {
        Resp r = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\",\"FirstName\":\"" + "j".repeat(41) + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("[{\"message\":\"First Name: data value too large: " + "j".repeat(41)
                + " (max length=40)\",\"errorCode\":\"STRING_TOO_LONG\",\"fields\":[\"FirstName\"]}]");
        assertThat(wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\",\"FirstName\":\"" + "j".repeat(40) + "\"}").status())
                .isEqualTo(201);
    }

    @Test
    void a_unicode_email_is_refused_as_salesforce_does_without_email_address_internationalization() throws Exception {
        Resp idn = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\",\"Email\":\"anna@bücher.de\"}");
        assertThat(idn.status()).isEqualTo(400);
        assertThat(idn.body()).isEqualTo("[{\"message\":\"Email: invalid email address: anna@bücher.de\","
                + "\"errorCode\":\"INVALID_EMAIL_ADDRESS\",\"fields\":[\"Email\"]}]");
        assertThat(wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\","
                + "\"Email\":\"anna@xn--bcher-kva.de\"}").status()).as("punycode is ASCII").isEqualTo(201);
        emu.org().emailAddressInternationalization(true);
        try {
            assertThat(wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\","
                    + "\"Email\":\"jürgen@bücher.de\"}").status()).as("EAI on").isEqualTo(201);
        } finally {
            emu.org().clearRules();
        }
    }

    // ------------------------------------------------------------------ describe and custom fields

    @Test
    void describe_lists_standard_fields_with_salesforce_types_lengths_and_flags() throws Exception {
        Resp d = wire.rest("GET", "/sobjects/Contact/describe", null);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.json().get("name").asText()).isEqualTo("Contact");
        assertThat(d.json().get("keyPrefix").asText()).isEqualTo("003");
        Map<String, JsonNode> fields = new java.util.HashMap<>();
        d.json().get("fields").forEach(f -> fields.put(f.get("name").asText(), f));
        assertThat(fields.get("Email").toString()).contains("\"type\":\"email\",\"length\":80").contains("\"nillable\":true,\"createable\":true,\"updateable\":true,\"custom\":false");
        assertThat(fields.get("LastName").get("nillable").asBoolean()).isFalse();
        assertThat(fields.get("Id").get("type").asText()).isEqualTo("id");
        assertThat(fields.get("Id").get("updateable").asBoolean()).isFalse();
        assertThat(fields.get("AccountId").get("referenceTo").get(0).asText()).isEqualTo("Account");
        assertThat(fields.get("MasterRecordId").get("type").asText()).isEqualTo("reference");
        assertThat(wire.rest("GET", "/sobjects/Account/describe", null).json().get("fields").findValuesAsText("name")).contains("Name", "Website");
        assertThat(wire.rest("GET", "/sobjects", null).json().get("sobjects").findValuesAsText("name")).containsExactly("Lead", "Contact", "Account");
        assertThat(emu.usage().count("sobject.describe")).isEqualTo(2);
    }

    @Test
    void custom_field_added_through_the_control_api_is_described_stored_queried_and_carried_in_change_events() throws Exception {
        Resp added = wire.control("POST", "/fields/Contact", "{\"name\":\"Tier__c\",\"type\":\"string\",\"length\":10}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("custom").asBoolean()).isTrue();
        assertThat(wire.rest("GET", "/sobjects/Contact/describe", null).json().get("fields").findValuesAsText("name")).contains("Tier__c");
        Resp created = wire.rest("POST", "/sobjects/Contact", "{\"LastName\":\"Roe\",\"tier__c\":\"gold\"}", "Sforce-Call-Options", "client=t");
        String id = created.json().get("id").asText();
        JsonNode createEvent = emu.events().retained().get(emu.events().retained().size() - 1).payload();
        assertThat(createEvent.get("Tier__c").asText()).isEqualTo("gold");
        wire.rest("PATCH", "/sobjects/Contact/" + id, "{\"Tier__c\":\"platinum1\"}");
        JsonNode updateEvent = emu.events().retained().get(emu.events().retained().size() - 1).payload();
        assertThat(updateEvent.at("/ChangeEventHeader/changedFields").toString()).isEqualTo("[\"Tier__c\",\"LastModifiedDate\"]");
        Resp q = wire.query("query", "SELECT Id, TIER__C FROM Contact WHERE Tier__c = 'platinum1'");
        assertThat(q.json().at("/records/0/Tier__c").asText()).isEqualTo("platinum1");
        assertThat(wire.rest("PATCH", "/sobjects/Contact/" + id, "{\"Tier__c\":\"" + "p".repeat(11) + "\"}").json().get(0).get("errorCode").asText())
                .isEqualTo("STRING_TOO_LONG");
        Resp leadScore = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"S\",\"Company\":\"C\",\"Score__c\":42.5}");
        Resp scored = wire.query("query", "SELECT Score__c FROM Lead WHERE Score__c > 40");
        assertThat(scored.json().at("/records/0/Score__c").decimalValue()).isEqualByComparingTo("42.5");
        assertThat(wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"S\",\"Company\":\"C\",\"Score__c\":\"high\"}").json().get(0).get("errorCode").asText())
                .isEqualTo("JSON_PARSER_ERROR");
        assertThat(leadScore.status()).isEqualTo(201);
    }

    @Test
    void strict_custom_fields_refuse_undeclared_names() throws Exception {
        emu.org().strictCustomFields(true);
        try {
            Resp r = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"S\",\"Company\":\"C\",\"Undeclared__c\":\"x\"}");
            assertThat(r.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
            assertThat(wire.query("query", "SELECT Undeclared__c FROM Lead").json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        } finally {
            emu.org().strictCustomFields(false);
        }
    }

    @Test
    void describe_through_camel_salesforce_lists_custom_fields() throws Exception {
        CamelContext camel = camelAgainst(emu, null);
        try {
            SObjectDescription d = camel.createProducerTemplate().requestBody("salesforce:getDescription?sObjectName=Lead", null, SObjectDescription.class);
            assertThat(d.getName()).isEqualTo("Lead");
            SObjectField score = d.getFields().stream().filter(f -> f.getName().equals("Score__c")).findFirst().orElseThrow();
            assertThat(score.getType()).isEqualTo("double");
            assertThat(score.isCustom()).isTrue();
            SObjectField company = d.getFields().stream().filter(f -> f.getName().equals("Company")).findFirst().orElseThrow();
            assertThat(company.getLength()).isEqualTo(255);
        } finally {
            camel.stop();
        }
    }

    // ------------------------------------------------------------------ SOQL dates, ordering, queryAll

    @Test
    void soql_date_literals_select_by_the_emulator_clock_day() throws Exception {
        String old = emu.org().create("Lead", Map.of("LastName", "Old", "Company", "C"));
        CLOCK.advance(Duration.ofDays(1));
        String yesterday = emu.org().create("Lead", Map.of("LastName", "Yesterday", "Company", "C"));
        CLOCK.advance(Duration.ofDays(1));
        String today = emu.org().create("Lead", Map.of("LastName", "Today", "Company", "C"));
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead WHERE CreatedDate = TODAY"))).containsExactly(today);
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead WHERE CreatedDate = YESTERDAY"))).containsExactly(yesterday);
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS:1 ORDER BY CreatedDate"))).containsExactly(yesterday, today);
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead WHERE CreatedDate < LAST_N_DAYS:1"))).containsExactly(old);
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead WHERE CreatedDate >= YESTERDAY ORDER BY CreatedDate DESC LIMIT 1"))).containsExactly(today);
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead WHERE LastModifiedDate > 2026-11-29T00:00:00Z ORDER BY LastName ASC LIMIT 2")))
                .containsExactly(today, yesterday);
        assertThat(wire.query("query", "SELECT Id FROM Lead WHERE Email = TODAY").json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void query_all_returns_deleted_and_merged_records_with_is_deleted_and_master_record_id() throws Exception {
        String winner = emu.org().create("Lead", Map.of("LastName", "Winner", "Company", "C"));
        String loser = emu.org().create("Lead", Map.of("LastName", "Loser", "Company", "C"));
        String deleted = emu.org().create("Lead", Map.of("LastName", "Deleted", "Company", "C"));
        emu.org().delete("Lead", deleted);
        emu.org().merge("Lead", winner, List.of(loser), Map.of());
        Resp all = wire.query("queryAll", "SELECT Id, IsDeleted, MasterRecordId FROM Lead WHERE Id IN ('" + loser + "','" + deleted + "','" + winner + "') ORDER BY Id");
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        all.json().get("records").forEach(r -> byId.put(r.get("Id").asText(), r));
        assertThat(byId.get(loser).get("IsDeleted").asBoolean()).isTrue();
        assertThat(byId.get(loser).get("MasterRecordId").asText()).isEqualTo(winner);
        assertThat(byId.get(deleted).get("IsDeleted").asBoolean()).isTrue();
        assertThat(byId.get(deleted).get("MasterRecordId").isNull()).isTrue();
        assertThat(byId.get(winner).get("IsDeleted").asBoolean()).isFalse();
        assertThat(ids(wire.query("query", "SELECT Id FROM Lead"))).containsExactly(winner);
    }
}
