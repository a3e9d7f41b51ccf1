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

    private static JsonNode cometd(String suffix, String body) throws Exception {
        Resp r = send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/cometd/56.0" + suffix))
                .header("Authorization", "OAuth " + token).header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }
}
