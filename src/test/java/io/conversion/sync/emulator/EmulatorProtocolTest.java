package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Wire-level checks with plain java.net.http. */
class EmulatorProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-28T14:40:00Z"));
    private static SalesforceEmulator emu;
    private static String token;

    record Resp(int status, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeAll
    static void start() throws Exception {
        emu = SalesforceEmulator.start(EmulatorConfig.forTests().clock(CLOCK));
    }

    @AfterAll
    static void stop() {
        emu.stop();
    }

    @BeforeEach
    void reset() throws Exception {
        emu.reset();
        token = login("sandbox-password").body().get("access_token").asText();
    }

    private static Resp login(String password) throws Exception {
        String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
                + URLEncoder.encode("integration@sandbox.example", StandardCharsets.UTF_8) + "&password=" + password + "&format=json";
        return send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static Resp send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    private static Resp rest(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/data/v56.0" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    private static Resp query(String soql) throws Exception {
        return rest("GET", "/query/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }

    private static Resp control(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/emulator" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static List<JsonNode> events() {
        return emu.events().retained().stream().map(e -> (JsonNode) e.payload()).toList();
    }

    @Test
    void token_response_has_org_and_user_ids_and_refresh_token_works() throws Exception {
        JsonNode t = login("sandbox-password").body();
        assertThat(t.get("id").asText()).isEqualTo(emu.baseUrl() + "/id/" + Org.ORG_ID + "/" + Org.USER_ID);
        assertThat(t.get("instance_url").asText()).isEqualTo(emu.baseUrl());
        for (String f : List.of("access_token", "token_type", "issued_at", "signature")) assertThat(t.has(f)).isTrue();
        Resp refreshed = send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=sandbox-client&refresh_token="
                        + URLEncoder.encode(t.get("refresh_token").asText(), StandardCharsets.UTF_8))));
        assertThat(refreshed.status()).isEqualTo(200);
    }

    @Test
    void rejects_wrong_password_with_400_invalid_grant() throws Exception {
        Resp r = login("nope");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
    }

    @Test
    void answers_401_invalid_session_after_token_expiry_and_accepts_oauth_prefix() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/data/v56.0/limits/"))
                .header("Authorization", "OAuth " + token)).status()).isEqualTo(200);
        control("POST", "/tokens/expire", null);
        Resp r = rest("GET", "/limits/", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
    }

    @Test
    void creates_lead_with_checksummed_id_system_fields_and_attributes_first() throws Exception {
        Resp created = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(id).startsWith("00Q").hasSize(18).isEqualTo(IdGenerator.to18(id.substring(0, 15)));
        assertThat(IdGenerator.to18("001A0000006Vm9r")).isEqualTo("001A0000006Vm9rIAC");
        Resp got = rest("GET", "/sobjects/Lead/" + id, null);
        assertThat(got.body().fieldNames().next()).isEqualTo("attributes");
        assertThat(got.body().get("CreatedDate").asText()).isEqualTo("2026-11-28T14:40:00.000+0000");
        assertThat(got.body().get("Status").asText()).isEqualTo("Open - Not Contacted");
        assertThat(got.body().get("IsConverted").asBoolean()).isFalse();
        assertThat(got.raw().headers().firstValue("Sforce-Limit-Info").orElseThrow()).matches("api-usage=\\d+/100000");
    }

    @Test
    void rejects_lead_without_company_with_required_field_missing() throws Exception {
        Resp r = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().toString()).isEqualTo("[{\"message\":\"Required fields are missing: [Company]\",\"errorCode\":\"REQUIRED_FIELD_MISSING\",\"fields\":[\"Company\"]}]");
    }

    @Test
    void rejects_unknown_field_unknown_id_and_unknown_type() throws Exception {
        assertThat(rest("POST", "/sobjects/Lead", "{\"LastName\":\"D\",\"Company\":\"A\",\"Foo\":1}").body().get(0).get("message").asText())
                .isEqualTo("No such column 'Foo' on sobject of type Lead");
        assertThat(rest("GET", "/sobjects/Lead/00Q000000000009", null).body().get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
        Resp type = rest("GET", "/sobjects/Foo/00Q000000000009", null);
        assertThat(type.status()).isEqualTo(404);
        assertThat(type.body().get(0).get("message").asText()).isEqualTo("The requested resource does not exist");
    }

    @Test
    void updates_with_patch_and_emits_update_event_with_changed_fields_and_client() throws Exception {
        String id = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}").body().get("id").asText();
        assertThat(rest("PATCH", "/sobjects/Lead/" + id, "{\"LastName\":\"Roe\",\"Title\":\"CTO\"}",
                "Sforce-Call-Options", "defaultNamespace=x, client=lead-sync").status()).isEqualTo(204);
        JsonNode upd = events().get(1);
        JsonNode h = upd.get("ChangeEventHeader");
        assertThat(h.get("changeType").asText()).isEqualTo("UPDATE");
        assertThat(h.get("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/56.0;client=lead-sync");
        assertThat(h.get("changedFields").toString()).isEqualTo("[\"Name.LastName\",\"Title\",\"LastModifiedDate\"]");
        assertThat(upd.get("Name").get("LastName").asText()).isEqualTo("Roe");
        assertThat(upd.get("LastModifiedDate").asText()).isEqualTo("2026-11-28T14:40:00.000Z");
        assertThat(upd.has("Company")).isFalse();
    }

    @Test
    void soql_supports_operators_ordering_escaping_and_count() throws Exception {
        emu.org().create("Account", Map.of("Name", "Acme", "Website", "https://www.acme.com/"));
        emu.org().create("Account", Map.of("Name", "O'Brien 50%", "Website", "globex.io"));
        emu.org().create("Account", Map.of("Name", "Initech"));
        assertThat(query("SELECT Id, Name FROM Account WHERE Website LIKE '%ACME.com%'").body().get("totalSize").asInt()).isEqualTo(1);
        assertThat(query("SELECT Name FROM Account WHERE Name = 'o\\'brien 50%'").body().get("totalSize").asInt()).isEqualTo(1);
        assertThat(query("SELECT Name FROM Account WHERE Name LIKE '%50\\%'").body().get("totalSize").asInt()).isEqualTo(1);
        assertThat(query("SELECT Name FROM Account WHERE Name = 'x\\' OR Name != \\''").body().get("totalSize").asInt()).isZero();
        assertThat(query("SELECT Name FROM Account WHERE Website = null OR (Name IN ('Acme') AND NOT Name = 'Zed')").body().get("totalSize").asInt()).isEqualTo(2);
        assertThat(query("SELECT Name FROM Account WHERE Name NOT IN ('Acme','Initech')").body().get("totalSize").asInt()).isEqualTo(1);
        JsonNode ordered = query("SELECT Name FROM Account ORDER BY Website DESC NULLS FIRST LIMIT 2 OFFSET 1").body();
        assertThat(ordered.get("records").get(0).get("Name").asText()).isEqualTo("Acme");
        assertThat(ordered.get("records").get(0).fieldNames().next()).isEqualTo("attributes");
        JsonNode count = query("SELECT COUNT() FROM Account WHERE CreatedDate >= 2026-11-28T00:00:00Z").body();
        assertThat(count.get("totalSize").asInt()).isEqualTo(3);
        assertThat(count.get("records")).isEmpty();
    }

    @Test
    void soql_errors_are_worded_like_salesforce() throws Exception {
        Resp malformed = query("SELECT Id FORM Lead");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        assertThat(malformed.body().get(0).get("message").asText()).contains("unexpected token: 'FORM'");
        Resp field = query("SELECT Foo FROM Lead");
        assertThat(field.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(field.body().get(0).get("message").asText()).contains("No such column 'Foo' on entity 'Lead'");
        Resp type = query("SELECT Id FROM Foo");
        assertThat(type.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_TYPE");
        assertThat(type.body().get(0).get("message").asText()).contains("sObject type 'Foo' is not supported.");
    }

    @Test
    void deleted_records_are_only_in_query_all_and_undelete_emits_undelete() throws Exception {
        String id = emu.org().create("Contact", Map.of("LastName", "Gone"));
        assertThat(rest("DELETE", "/sobjects/Contact/" + id, null).status()).isEqualTo(204);
        assertThat(query("SELECT Id FROM Contact").body().get("totalSize").asInt()).isZero();
        JsonNode all = rest("GET", "/queryAll/?q=" + URLEncoder.encode("SELECT Id, IsDeleted FROM Contact", StandardCharsets.UTF_8), null).body();
        assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
        control("POST", "/records/Contact/" + id + "/undelete", "{}");
        List<JsonNode> ev = events();
        assertThat(ev.get(1).get("ChangeEventHeader").get("changeType").asText()).isEqualTo("DELETE");
        assertThat(ev.get(2).get("ChangeEventHeader").get("changeType").asText()).isEqualTo("UNDELETE");
        assertThat(ev.get(2).get("ChangeEventHeader").get("changeOrigin").asText()).isEmpty();
    }

    @Test
    void collections_keep_order_merge_equal_changes_and_enforce_all_or_none_and_limit() throws Exception {
        String ok = "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"Same\",\"Company\":\"Acme\"}";
        String bad = "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"NoCompany\"}";
        Resp rolled = rest("POST", "/composite/sobjects", "{\"allOrNone\":true,\"records\":[" + ok + "," + bad + "]}");
        assertThat(rolled.body().get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(rolled.body().get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(emu.org().count("Lead")).isZero();

        Resp partial = rest("POST", "/composite/sobjects", "{\"allOrNone\":false,\"records\":[" + ok + "," + bad + "," + ok + "]}",
                "Sforce-Call-Options", "client=bulk");
        assertThat(partial.body().get(0).get("success").asBoolean()).isTrue();
        assertThat(partial.body().get(1).get("success").asBoolean()).isFalse();
        List<JsonNode> ev = events();
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).get("ChangeEventHeader").get("recordIds")).hasSize(2);

        String many = String.join(",", java.util.Collections.nCopies(201, ok));
        Resp tooMany = rest("POST", "/composite/sobjects", "{\"records\":[" + many + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get(0).get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
    }

    @Test
    void converts_lead_in_one_transaction() throws Exception {
        String lead = emu.org().create("Lead", Map.of("FirstName", "Jane", "LastName", "Doe", "Company", "Acme", "Email", "j@acme.com"));
        JsonNode r = control("POST", "/leads/" + lead + "/convert", "{}").body();
        List<JsonNode> ev = events().subList(1, 4);
        assertThat(ev).extracting(e -> e.get("ChangeEventHeader").get("entityName").asText()).containsExactly("Account", "Contact", "Lead");
        assertThat(ev).extracting(e -> e.get("ChangeEventHeader").get("sequenceNumber").asInt()).containsExactly(1, 2, 3);
        assertThat(ev).extracting(e -> e.get("ChangeEventHeader").get("transactionKey").asText()).containsOnly(ev.get(0).get("ChangeEventHeader").get("transactionKey").asText());
        JsonNode leadUpdate = ev.get(2);
        assertThat(leadUpdate.has("LastModifiedDate")).isFalse();
        assertThat(leadUpdate.get("ConvertedContactId").asText()).isEqualTo(r.get("contactId").asText());
        assertThat(leadUpdate.get("ConvertedDate").asText()).isEqualTo("2026-11-28");
        assertThat(control("POST", "/leads/" + lead + "/convert", "{}").status()).isEqualTo(400);
    }

    @Test
    void faults_and_daily_limit_are_applied_and_counted() throws Exception {
        control("POST", "/faults/unavailable", "{\"count\":1}");
        Resp unavailable = rest("GET", "/limits/", null);
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body().get(0).get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
        control("POST", "/limits", "{\"dailyApiRequests\":1}");
        Resp limited = rest("GET", "/limits/", null);
        assertThat(limited.status()).isEqualTo(403);
        assertThat(limited.body().get(0).get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        JsonNode stats = control("GET", "/stats", null).body();
        assertThat(stats.get("total").asInt()).isEqualTo(2);
        assertThat(stats.get("byOperation").get("oauth.token").asInt()).isEqualTo(1);
    }

    @Test
    void faults_of_one_operation_leave_other_calls_alone_and_a_rejection_applies_nothing() throws Exception {
        control("POST", "/faults/apply-then-fail", "{\"count\":1,\"operation\":\"sobject.create\"}");
        control("POST", "/faults/reject", "{\"count\":1,\"operation\":\"sobject.update\","
                + "\"errorCode\":\"JSON_PARSER_ERROR\",\"message\":\"Unexpected character\"}");
        assertThat(rest("GET", "/limits/", null).status()).as("another operation").isEqualTo(200);
        Resp lost = rest("POST", "/sobjects/Account", "{\"Name\":\"Lost Answer\"}");
        assertThat(lost.status()).isEqualTo(503);
        String id = emu.org().all("Account").stream().filter(r -> "Lost Answer".equals(r.get("Name")))
                .map(r -> (String) r.get("Id")).findFirst().orElseThrow();

        Resp refused = rest("PATCH", "/sobjects/Account/" + id, "{\"Name\":\"Renamed\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get(0).get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");
        assertThat(refused.body().get(0).get("message").asText()).isEqualTo("Unexpected character");
        assertThat(emu.org().get("Account", id).orElseThrow().get("Name")).isEqualTo("Lost Answer");
        assertThat(rest("PATCH", "/sobjects/Account/" + id, "{\"Name\":\"Renamed\"}").status()).isEqualTo(204);
    }

    @Test
    void records_made_through_the_api_belong_to_the_api_user_and_those_made_in_the_ui_to_the_ui_user()
            throws Exception {
        String api = rest("POST", "/sobjects/Account", "{\"Name\":\"By the integration\"}").body().get("id").asText();
        String ui = control("POST", "/records/Account", "{\"Name\":\"By a rep\"}").body().get("id").asText();

        JsonNode byApi = query("SELECT Id, CreatedById, OwnerId FROM Account WHERE Id = '" + api + "'").body()
                .get("records").get(0);
        assertThat(byApi.get("CreatedById").asText()).isEqualTo(Org.USER_ID);
        assertThat(byApi.get("OwnerId").asText()).isEqualTo(Org.USER_ID);
        assertThat(emu.org().get("Account", ui).orElseThrow().get("CreatedById")).isEqualTo(Org.UI_USER_ID);
        assertThat(query("SELECT Id FROM Account WHERE CreatedById = '" + Org.USER_ID + "' AND Name = 'By a rep'")
                .body().get("totalSize").asInt()).isZero();
    }

    @Test
    void apply_then_fail_performs_the_request_and_loses_its_answer() throws Exception {
        control("POST", "/faults/apply-then-fail", "{\"count\":1}");
        Resp lost = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Lost\",\"Company\":\"A\",\"Email\":\"lost@applied.com\"}");
        assertThat(lost.status()).isEqualTo(503);
        assertThat(lost.body().get(0).get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
        assertThat(emu.org().all("Lead")).filteredOn(r -> "lost@applied.com".equals(r.get("Email"))).hasSize(1);

        emu.faults().applyThenDelay(1, 400);
        long start = System.nanoTime();
        Resp late = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Late\",\"Company\":\"A\",\"Email\":\"late@applied.com\"}");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
        assertThat(late.status()).isEqualTo(201);
        assertThat(emu.org().get("Lead", late.body().get("id").asText())).isPresent();
        assertThat(rest("POST", "/sobjects/Lead", "{\"LastName\":\"Next\",\"Company\":\"A\"}").status()).isEqualTo(201);
    }

    @Test
    void rules_reject_duplicates_and_custom_validation() throws Exception {
        emu.org().rejectDuplicateEmail("dup@acme.com");
        emu.org().rejectEmailsMatching(".*@blocked\\.com", "Blocked domain");
        assertThat(rest("POST", "/sobjects/Lead", "{\"LastName\":\"D\",\"Company\":\"A\",\"Email\":\"dup@acme.com\"}").body().get(0).get("errorCode").asText())
                .isEqualTo("DUPLICATES_DETECTED");
        assertThat(rest("POST", "/sobjects/Lead", "{\"LastName\":\"D\",\"Company\":\"A\",\"Email\":\"x@blocked.com\"}").body().get(0).get("errorCode").asText())
                .isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    }

    @Test
    void expired_events_are_not_replayable() {
        emu.org().create("Lead", Map.of("LastName", "Old", "Company", "Acme"));
        long old = emu.events().lastReplayId();
        CLOCK.advance(Duration.ofHours(73));
        try {
            assertThat(emu.events().retained()).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> emu.events().replay("/data/LeadChangeEvent", old))
                    .isInstanceOf(ChangeEventBus.InvalidReplayIdException.class);
        } finally {
            CLOCK.advance(Duration.ofHours(-73));
        }
    }

    @Test
    void cometd_rejects_invalid_replay_id_and_expired_token() throws Exception {
        String hs = "[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"replay\":true}}]";
        JsonNode h = cometd("/handshake", hs).get(0);
        assertThat(h.get("ext").get("replay").asBoolean()).isTrue();
        String clientId = h.get("clientId").asText();
        JsonNode sub = cometd("/subscribe", "[{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/data/LeadChangeEvent\",\"clientId\":\"" + clientId
                + "\",\"ext\":{\"replay\":{\"/data/LeadChangeEvent\":12}}}]").get(0);
        assertThat(sub.get("subscription").asText()).isEqualTo("/data/LeadChangeEvent");
        assertThat(sub.get("error").asText()).isEqualTo("400::The replayId {12} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.");
        emu.expireTokens();
        JsonNode connect = cometd("/connect", "[{\"id\":\"3\",\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\",\"clientId\":\"" + clientId + "\"}]").get(0);
        assertThat(connect.get("error").asText()).isEqualTo("401::Authentication invalid");
        JsonNode denied = cometd("/handshake", hs).get(0);
        assertThat(denied.get("error").asText()).isEqualTo("403::Handshake denied");
        assertThat(denied.at("/ext/sfdc/failureReason").asText()).isEqualTo("401::Authentication invalid");
    }

    // ------------------------------------------------------------------ REST error paths and collections

    @Test
    void upsert_by_external_id_creates_with_201_updates_with_200_and_answers_300_on_multiple_matches() throws Exception {
        Resp created = rest("PATCH", "/sobjects/Account/Ext__c/E-1", "{\"Name\":\"Acme\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(id).startsWith("001").hasSize(18);
        assertThat(created.body().get("created").asBoolean()).isTrue();
        assertThat(created.body().get("success").asBoolean()).isTrue();
        assertThat(emu.org().get("Account", id).orElseThrow().get("Ext__c")).isEqualTo("E-1");

        Resp updated = rest("PATCH", "/sobjects/Account/Ext__c/E-1", "{\"Name\":\"Acme Corp\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("id").asText()).isEqualTo(id);
        assertThat(updated.body().get("created").asBoolean()).isFalse();
        assertThat(emu.org().get("Account", id).orElseThrow().get("Name")).isEqualTo("Acme Corp");
        assertThat(events()).extracting(e -> e.at("/ChangeEventHeader/changeType").asText()).containsExactly("CREATE", "UPDATE");

        String a = emu.org().create("Account", Map.of("Name", "Twin 1", "Ext__c", "DUP"));
        String b = emu.org().create("Account", Map.of("Name", "Twin 2", "Ext__c", "DUP"));
        Resp multiple = rest("PATCH", "/sobjects/Account/Ext__c/DUP", "{\"Name\":\"Which?\"}");
        assertThat(multiple.status()).isEqualTo(300);
        assertThat(multiple.body()).extracting(JsonNode::asText)
                .containsExactly("/services/data/v56.0/sobjects/Account/" + a, "/services/data/v56.0/sobjects/Account/" + b);
        assertThat(emu.org().get("Account", a).orElseThrow().get("Name")).isEqualTo("Twin 1");

        Resp unknownField = rest("PATCH", "/sobjects/Account/Nope/x", "{\"Name\":\"X\"}");
        assertThat(unknownField.status()).isEqualTo(404);
        assertThat(unknownField.body().get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void deletes_collections_by_ids_with_per_record_results_and_all_or_none() throws Exception {
        String a = emu.org().create("Lead", Map.of("LastName", "A", "Company", "Acme"));
        String b = emu.org().create("Lead", Map.of("LastName", "B", "Company", "Acme"));
        String c = emu.org().create("Contact", Map.of("LastName", "C"));

        Resp rolledBack = rest("DELETE", "/composite/sobjects?ids=" + c + ",001bad&allOrNone=true", null);
        assertThat(rolledBack.status()).isEqualTo(200);
        assertThat(rolledBack.body().get(0).get("success").asBoolean()).isFalse();
        assertThat(rolledBack.body().get(0).at("/errors/0/statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(rolledBack.body().get(1).at("/errors/0/statusCode").asText()).isEqualTo("MALFORMED_ID");
        assertThat(emu.org().count("Contact")).isEqualTo(1);

        int before = events().size();
        Resp r = rest("DELETE", "/composite/sobjects?ids=" + a + "," + b + "," + a + ",001bad&allOrNone=false", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(4);
        assertThat(r.body().get(0).get("success").asBoolean()).isTrue();
        assertThat(r.body().get(0).get("id").asText()).isEqualTo(a);
        assertThat(r.body().get(1).get("success").asBoolean()).isTrue();
        assertThat(r.body().get(2).get("success").asBoolean()).as("an id listed twice fails the second time").isFalse();
        assertThat(r.body().get(2).at("/errors/0/statusCode").asText()).isEqualTo("ENTITY_IS_DELETED");
        assertThat(r.body().get(2).get("id").asText()).isEqualTo(a);
        assertThat(r.body().get(3).at("/errors/0/statusCode").asText()).isEqualTo("MALFORMED_ID");
        assertThat(emu.org().count("Lead")).isZero();
        List<JsonNode> deletes = events().subList(before, events().size());
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).at("/ChangeEventHeader/changeType").asText()).isEqualTo("DELETE");
        assertThat(deletes.get(0).at("/ChangeEventHeader/recordIds")).extracting(JsonNode::asText).containsExactly(a, b);
    }

    @Test
    void retrieves_collections_by_ids_with_requested_fields_and_nulls_for_missing_records() throws Exception {
        String a = emu.org().create("Lead", Map.of("LastName", "A", "Company", "Acme", "Email", "a@acme.com"));
        String gone = emu.org().create("Lead", Map.of("LastName", "Gone", "Company", "Acme"));
        emu.org().delete("Lead", gone);
        Resp r = rest("POST", "/composite/sobjects/Lead", "{\"ids\":[\"" + a + "\",\"" + gone + "\",\"00Q000000000zzz\"],\"fields\":[\"LastName\",\"Email\"]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(3);
        JsonNode rec = r.body().get(0);
        assertThat(rec.fieldNames()).toIterable().containsExactly("attributes", "LastName", "Email");
        assertThat(rec.at("/attributes/type").asText()).isEqualTo("Lead");
        assertThat(rec.at("/attributes/url").asText()).isEqualTo("/services/data/v56.0/sobjects/Lead/" + a);
        assertThat(r.body().get(1).isNull()).isTrue();
        assertThat(r.body().get(2).isNull()).isTrue();

        Resp badField = rest("POST", "/composite/sobjects/Lead", "{\"ids\":[\"" + a + "\"],\"fields\":[\"Nope\"]}");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(rest("POST", "/composite/sobjects/Foo", "{\"ids\":[],\"fields\":[\"Id\"]}").status()).isEqualTo(404);
    }

    @Test
    void one_collection_call_updating_several_records_the_same_way_emits_one_merged_event() throws Exception {
        String a = emu.org().create("Lead", Map.of("LastName", "A", "Company", "Acme"));
        String b = emu.org().create("Lead", Map.of("LastName", "B", "Company", "Acme"));
        String c = emu.org().create("Lead", Map.of("LastName", "C", "Company", "Acme"));
        int before = events().size();
        Resp r = rest("PATCH", "/composite/sobjects", "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + a + "\",\"Title\":\"CTO\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + b + "\",\"Title\":\"CTO\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + c + "\",\"Title\":\"CEO\"}]}", "Sforce-Call-Options", "client=batch");
        assertThat(r.body()).allSatisfy(x -> assertThat(x.get("success").asBoolean()).isTrue());
        List<JsonNode> ev = events().subList(before, events().size());
        assertThat(ev).hasSize(2);
        JsonNode merged = ev.get(0).get("ChangeEventHeader");
        assertThat(merged.get("recordIds")).extracting(JsonNode::asText).containsExactly(a, b);
        assertThat(merged.get("changedFields")).extracting(JsonNode::asText).containsExactly("Title", "LastModifiedDate");
        assertThat(ev.get(0).get("Title").asText()).isEqualTo("CTO");
        assertThat(ev.get(1).at("/ChangeEventHeader/recordIds")).extracting(JsonNode::asText).containsExactly(c);
        assertThat(ev.get(1).at("/ChangeEventHeader/transactionKey")).isEqualTo(merged.get("transactionKey"));
        assertThat(ev).extracting(e -> e.at("/ChangeEventHeader/sequenceNumber").asInt()).containsExactly(1, 2);
        assertThat(merged.get("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/56.0;client=batch");
    }

    @Test
    void delete_events_carry_no_fields_and_undelete_events_carry_all_fields() throws Exception {
        String id = emu.org().create("Lead", Map.of("FirstName", "Jane", "LastName", "Doe", "Company", "Acme", "Email", "j@acme.com", "Title", "CTO"));
        assertThat(rest("DELETE", "/sobjects/Lead/" + id, null).status()).isEqualTo(204);
        emu.org().undelete("Lead", id);
        List<JsonNode> ev = events();
        JsonNode delete = ev.get(1);
        assertThat(delete.fieldNames()).toIterable().containsExactly("ChangeEventHeader");
        assertThat(delete.at("/ChangeEventHeader/changeType").asText()).isEqualTo("DELETE");
        assertThat(delete.at("/ChangeEventHeader/changedFields")).isEmpty();
        JsonNode undelete = ev.get(2);
        assertThat(undelete.at("/ChangeEventHeader/changeType").asText()).isEqualTo("UNDELETE");
        assertThat(undelete.at("/ChangeEventHeader/changedFields")).isEmpty();
        assertThat(undelete.get("Name").toString()).isEqualTo("{\"FirstName\":\"Jane\",\"LastName\":\"Doe\"}");
        assertThat(undelete.fieldNames()).toIterable().contains("Company", "Email", "Title", "Status", "OwnerId",
                "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById").doesNotContain("Id", "IsDeleted", "SystemModstamp");
        assertThat(undelete.get("Email").asText()).isEqualTo("j@acme.com");
        assertThat(undelete.get("CreatedDate").asText()).isEqualTo("2026-11-28T14:40:00.000Z");
        assertThat(rest("GET", "/sobjects/Lead/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void query_more_with_unknown_or_malformed_locator_answers_400_invalid_query_locator() throws Exception {
        Resp unknown = rest("GET", "/query/01gUNKNOWN000000-2000", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().toString()).isEqualTo("[{\"message\":\"invalid query locator\",\"errorCode\":\"INVALID_QUERY_LOCATOR\",\"fields\":[]}]");
        emu.org().inTransaction("", tx -> {
            for (int i = 0; i < 2001; i++) tx.insert("Account", Map.of("Name", "A" + i));
            return null;
        });
        String next = query("SELECT Id FROM Account").body().get("nextRecordsUrl").asText();
        String locator = next.substring(next.lastIndexOf('/') + 1, next.lastIndexOf('-'));
        for (String bad : List.of(locator + "-abc", locator + "-99999", locator)) {
            Resp r = rest("GET", "/query/" + bad, null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
        }
        JsonNode last = send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + next)).header("Authorization", "Bearer " + token)).body();
        assertThat(last.get("records")).hasSize(1);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(rest("GET", next.substring("/services/data/v56.0".length()), null).status()).as("cursor is released when done").isEqualTo(400);
    }

    // ------------------------------------------------------------------ limits and faults

    @Test
    void limits_resource_and_limit_info_header_report_daily_api_usage() throws Exception {
        rest("GET", "/sobjects/Lead/00Q000000000009", null);
        Resp limits = rest("GET", "/limits/", null);
        assertThat(limits.status()).isEqualTo(200);
        assertThat(limits.body().get("DailyApiRequests").toString()).isEqualTo("{\"Max\":100000,\"Remaining\":99998}");
        assertThat(limits.raw().headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=2/100000");
        assertThat(emu.usage().count("limits")).isEqualTo(1);
    }

    @Test
    void request_limit_exceeded_fault_answers_403_once_then_serves_normally() throws Exception {
        control("POST", "/faults/limit-exceeded", "{\"count\":1}");
        Resp limited = rest("GET", "/limits/", null);
        assertThat(limited.status()).isEqualTo(403);
        assertThat(limited.body().toString()).isEqualTo("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"fields\":[]}]");
        assertThat(limited.raw().headers().firstValue("Sforce-Limit-Info")).isPresent();
        assertThat(rest("GET", "/limits/", null).status()).isEqualTo(200);
    }

    @Test
    void exhausted_daily_api_limit_answers_403_until_the_limit_is_raised_or_the_day_rolls_over() throws Exception {
        emu.usage().dailyLimit(2);
        assertThat(rest("GET", "/limits/", null).status()).isEqualTo(200);
        assertThat(rest("GET", "/limits/", null).status()).isEqualTo(200);
        Resp exhausted = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        assertThat(exhausted.status()).isEqualTo(403);
        assertThat(exhausted.body().get(0).get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(emu.org().count("Lead")).as("a rejected call changes nothing").isZero();
        assertThat(events()).isEmpty();
        CLOCK.advance(Duration.ofDays(1));
        try {
            assertThat(rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}").status()).isEqualTo(201);
        } finally {
            CLOCK.advance(Duration.ofDays(-1));
        }
        control("POST", "/limits", "{\"dailyApiRequests\":1000}");
        assertThat(rest("GET", "/limits/", null).body().at("/DailyApiRequests/Max").asInt()).isEqualTo(1000);
    }

    @Test
    void unavailable_fault_answers_503_server_unavailable_for_the_next_calls_only() throws Exception {
        emu.faults().unavailable(2);
        for (int i = 0; i < 2; i++) {
            Resp r = rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body().get(0).get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
        }
        assertThat(emu.org().count("Lead")).isZero();
        assertThat(rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}").status()).isEqualTo(201);
    }

    @Test
    void slow_fault_delays_the_next_call_then_serves_it() throws Exception {
        control("POST", "/faults/slow", "{\"count\":1,\"delayMs\":400}");
        long t0 = System.nanoTime();
        Resp slow = rest("GET", "/limits/", null);
        long slowMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slowMs).isGreaterThanOrEqualTo(400);
        t0 = System.nanoTime();
        assertThat(rest("GET", "/limits/", null).status()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(400);
        control("POST", "/faults/clear", null);
    }

    @Test
    void concurrent_creates_get_unique_ids_exactly_one_event_each_and_increasing_replay_ids() throws Exception {
        int threads = 8, perThread = 25;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<String> ids = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Resp r = rest("POST", "/sobjects/Lead", "{\"LastName\":\"T" + n + "-" + i + "\",\"Company\":\"Acme\"}");
                        assertThat(r.status()).isEqualTo(201);
                        ids.add(r.body().get("id").asText());
                    }
                    return null;
                }));
            }
            for (var f : futures) f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
        List<ChangeEventBus.StoredEvent> ev = emu.events().retained();
        assertThat(ev).hasSize(threads * perThread);
        assertThat(ev).flatExtracting(e -> List.of(e.payload().at("/ChangeEventHeader/recordIds/0").asText()))
                .containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 1; i < ev.size(); i++) {
            assertThat(ev.get(i).replayId()).isGreaterThan(ev.get(i - 1).replayId());
            assertThat(ev.get(i).payload().at("/ChangeEventHeader/commitNumber").asLong())
                    .isGreaterThan(ev.get(i - 1).payload().at("/ChangeEventHeader/commitNumber").asLong());
        }
        assertThat(ev).extracting(e -> e.payload().at("/ChangeEventHeader/transactionKey").asText()).doesNotHaveDuplicates();
    }

    // ------------------------------------------------------------------ events control API

    @Test
    void gap_and_overflow_events_via_control_api_and_java_api_carry_only_the_header() throws Exception {
        String id = emu.org().create("Lead", Map.of("LastName", "A", "Company", "Acme"));
        Resp gap = control("POST", "/events/gap", "{\"entityName\":\"Lead\",\"changeType\":\"GAP_UPDATE\",\"recordIds\":[\"" + id + "\"]}");
        assertThat(gap.status()).isEqualTo(200);
        assertThat(gap.body().get("lastReplayId").asLong()).isEqualTo(emu.events().lastReplayId());
        emu.org().publishGap("Account", "GAP_OVERFLOW", List.of());
        List<ChangeEventBus.StoredEvent> ev = emu.events().retained();
        JsonNode g = ev.get(1).payload();
        assertThat(ev.get(1).channel()).isEqualTo("/data/LeadChangeEvent");
        assertThat(g.fieldNames()).toIterable().containsExactly("ChangeEventHeader");
        assertThat(g.at("/ChangeEventHeader/changeType").asText()).isEqualTo("GAP_UPDATE");
        assertThat(g.at("/ChangeEventHeader/recordIds")).extracting(JsonNode::asText).containsExactly(id);
        JsonNode overflow = ev.get(2).payload();
        assertThat(ev.get(2).channel()).isEqualTo("/data/AccountChangeEvent");
        assertThat(overflow.fieldNames()).toIterable().containsExactly("ChangeEventHeader");
        assertThat(overflow.at("/ChangeEventHeader/changeType").asText()).isEqualTo("GAP_OVERFLOW");
        assertThat(overflow.at("/ChangeEventHeader/recordIds")).isEmpty();

        assertThat(control("POST", "/events/gap", "{\"entityName\":\"Lead\",\"changeType\":\"UPDATE\",\"recordIds\":[\"" + id + "\"]}").status()).isEqualTo(400);
        assertThat(control("POST", "/events/gap", "{\"entityName\":\"Foo\",\"changeType\":\"GAP_CREATE\",\"recordIds\":[\"" + id + "\"]}").status()).isEqualTo(400);
        assertThat(control("POST", "/events/gap", "{\"entityName\":\"Lead\",\"changeType\":\"GAP_OVERFLOW\",\"recordIds\":[\"" + id + "\"]}").status()).isEqualTo(400);
        assertThat(control("POST", "/events/gap", "{\"entityName\":\"Lead\",\"changeType\":\"GAP_DELETE\",\"recordIds\":[]}").status()).isEqualTo(400);
        assertThat(emu.events().retained()).hasSize(3);
    }

    @Test
    void raw_events_via_control_api_and_java_api_get_increasing_replay_ids() throws Exception {
        Resp r = control("POST", "/events/raw", "{\"channel\":\"/event/Order__e\",\"payload\":{\"CreatedDate\":\"2026-11-28T14:40:00.000Z\",\"Amount__c\":5}}");
        assertThat(r.status()).isEqualTo(200);
        long first = r.body().get("lastReplayId").asLong();
        var header = JSON.createObjectNode();
        header.putObject("ChangeEventHeader").put("entityName", "Lead").put("changeType", "UPDATE").putArray("recordIds").add("00Q000000000001AAA");
        ChangeEventBus.StoredEvent second = emu.events().publish("/data/LeadChangeEvent", header);
        assertThat(second.replayId()).isGreaterThan(first);
        JsonNode all = control("GET", "/events", null).body();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("channel").asText()).isEqualTo("/event/Order__e");
        assertThat(all.get(0).at("/data/payload/Amount__c").asInt()).isEqualTo(5);
        assertThat(all.get(0).at("/data/event/replayId").asLong()).isEqualTo(first);
        assertThat(all.get(1).at("/data/payload/ChangeEventHeader/changeType").asText()).isEqualTo("UPDATE");

        assertThat(control("POST", "/events/raw", "{\"channel\":\"/data/LeadChangeEvent\",\"payload\":{\"Title\":\"x\"}}").status())
                .as("change events without ChangeEventHeader would break camel").isEqualTo(400);
        assertThat(control("POST", "/events/raw", "{\"channel\":\"LeadChangeEvent\",\"payload\":{}}").status()).isEqualTo(400);
        assertThat(control("POST", "/events/raw", "{\"channel\":\"/event/Order__e\"}").status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ CometD error paths

    private static final String HANDSHAKE = "[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"replay\":true}}]";

    private static String subscribeMsg(String clientId, String channel, long replayId) {
        return "[{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"" + channel + "\",\"clientId\":\"" + clientId
                + "\",\"ext\":{\"replay\":{\"" + channel + "\":" + replayId + "}}}]";
    }

    private static String connectMsg(String clientId, boolean immediate) {
        return "[{\"id\":\"3\",\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\",\"clientId\":\"" + clientId + "\""
                + (immediate ? ",\"advice\":{\"timeout\":0}" : "") + "}]";
    }

    @Test
    void injected_subscribe_failures_fail_the_next_subscribes_with_the_given_error() throws Exception {
        String clientId = cometd("/handshake", HANDSHAKE).get(0).get("clientId").asText();
        control("POST", "/faults/subscribe", "{\"count\":1}");
        emu.faults().failSubscribes("403::Organization total events daily limit exceeded", 1);
        JsonNode auth = cometd("/subscribe", subscribeMsg(clientId, "/data/LeadChangeEvent", -1)).get(0);
        assertThat(auth.get("successful").asBoolean()).isFalse();
        assertThat(auth.get("subscription").asText()).isEqualTo("/data/LeadChangeEvent");
        assertThat(auth.get("id").asText()).isEqualTo("2");
        assertThat(auth.get("error").asText()).isEqualTo("401::Authentication invalid");
        assertThat(auth.at("/ext/sfdc/failureReason").asText()).isEqualTo("401::Authentication invalid");
        JsonNode limit = cometd("/subscribe", subscribeMsg(clientId, "/data/LeadChangeEvent", -1)).get(0);
        assertThat(limit.get("error").asText()).isEqualTo("403::Organization total events daily limit exceeded");
        JsonNode ok = cometd("/subscribe", subscribeMsg(clientId, "/data/LeadChangeEvent", -1)).get(0);
        assertThat(ok.get("successful").asBoolean()).isTrue();
        assertThat(ok.has("error")).isFalse();
        assertThat(emu.subscribeReplayIds("/data/LeadChangeEvent")).containsExactly(-1L, -1L, -1L);
    }

    @Test
    void invalid_replay_id_reply_keeps_id_and_subscription_so_cometd_drops_the_failed_listener() throws Exception {
        String clientId = cometd("/handshake", HANDSHAKE).get(0).get("clientId").asText();
        JsonNode sub = cometd("/subscribe", subscribeMsg(clientId, "/data/ContactChangeEvent", 4242)).get(0);
        assertThat(sub.toString()).isEqualTo("{\"channel\":\"/meta/subscribe\",\"id\":\"2\",\"clientId\":\"" + clientId
                + "\",\"subscription\":\"/data/ContactChangeEvent\",\"successful\":false,\"error\":\"400::The replayId {4242} you provided was invalid."
                + "  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.\"}");
        assertThat(cometd("/subscribe", subscribeMsg(clientId, "/data/ContactChangeEvent", -1)).get(0).get("successful").asBoolean()).isTrue();
    }

    @Test
    void client_that_does_not_reconnect_within_client_expiry_gets_403_unknown_client_and_replays_after_rehandshake() throws Exception {
        try (SalesforceEmulator short_ = SalesforceEmulator.start(EmulatorConfig.forTests().clientExpiry(Duration.ofMillis(300)))) {
            String tok = login(short_, "sandbox-password");
            String clientId = cometd(short_, tok, "/handshake", HANDSHAKE).get(0).get("clientId").asText();
            assertThat(cometd(short_, tok, "/subscribe", subscribeMsg(clientId, "/data/LeadChangeEvent", -1)).get(0).get("successful").asBoolean()).isTrue();
            assertThat(cometd(short_, tok, "/connect", connectMsg(clientId, true)).get(0).get("successful").asBoolean()).isTrue();
            short_.org().create("Lead", Map.of("LastName", "Seen", "Company", "Acme"));
            long seen = short_.events().lastReplayId();
            Thread.sleep(500); // no /meta/connect within clientExpiry
            String missed = short_.org().create("Lead", Map.of("LastName", "Missed", "Company", "Acme"));
            JsonNode expired = cometd(short_, tok, "/connect", connectMsg(clientId, false)).get(0);
            assertThat(expired.get("successful").asBoolean()).isFalse();
            assertThat(expired.get("error").asText()).isEqualTo("403::Unknown client");
            assertThat(expired.at("/advice/reconnect").asText()).isEqualTo("handshake");
            assertThat(short_.cometdClientCount()).isZero();

            String again = cometd(short_, tok, "/handshake", HANDSHAKE).get(0).get("clientId").asText();
            assertThat(again).isNotEqualTo(clientId);
            assertThat(cometd(short_, tok, "/subscribe", subscribeMsg(again, "/data/LeadChangeEvent", seen)).get(0).get("successful").asBoolean()).isTrue();
            JsonNode replayed = cometd(short_, tok, "/connect", connectMsg(again, false));
            assertThat(replayed).hasSize(2);
            assertThat(replayed.get(0).at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(missed);
            assertThat(replayed.get(1).get("channel").asText()).isEqualTo("/meta/connect");
            assertThat(replayed.get(1).get("successful").asBoolean()).isTrue();
        }
    }

    private static String login(SalesforceEmulator e, String password) throws Exception {
        String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
                + URLEncoder.encode("integration@sandbox.example", StandardCharsets.UTF_8) + "&password=" + password + "&format=json";
        return send(HttpRequest.newBuilder(URI.create(e.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))).body().get("access_token").asText();
    }

    private static JsonNode cometd(SalesforceEmulator e, String tok, String suffix, String body) throws Exception {
        Resp r = send(HttpRequest.newBuilder(URI.create(e.baseUrl() + "/cometd/56.0" + suffix))
                .header("Authorization", "OAuth " + tok).header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode cometd(String suffix, String body) throws Exception {
        Resp r = send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/cometd/56.0" + suffix))
                .header("Authorization", "OAuth " + token).header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }
}
