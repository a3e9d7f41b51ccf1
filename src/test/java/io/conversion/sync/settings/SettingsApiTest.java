package io.conversion.sync.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.SyncTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class SettingsApiTest extends SyncTestSupport {

    static final String DEFAULTS = """
            {"inbound":{"leads":true,"contacts":true,"accounts":true},
             "outbound":{"enabled":true,"createAs":"LEAD","linkToAccountsByDomain":true,"createAccounts":true}}""";

    @LocalServerPort
    int port;

    @Autowired
    SyncSettingsService settings;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void restoreDefaults() throws Exception {
        put(DEFAULTS, "admin", "test-secret");
    }

    @Test
    void get_returns_the_documented_json_shape() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/settings/sync")).GET(), "admin", "test-secret");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree(DEFAULTS));
    }

    @Test
    void put_replaces_the_settings_and_get_returns_them() throws Exception {
        String changed = """
                {"inbound":{"leads":false,"contacts":true,"accounts":false},
                 "outbound":{"enabled":false,"createAs":"CONTACT","linkToAccountsByDomain":false,"createAccounts":true}}""";
        var put = put(changed, "admin", "test-secret");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json.readTree(put.body())).isEqualTo(json.readTree(changed));

        var get = send(HttpRequest.newBuilder(uri("/api/settings/sync")).GET(), "admin", "test-secret");
        assertThat(json.readTree(get.body())).isEqualTo(json.readTree(changed));
        assertThat(settings.createAs()).isEqualTo(SyncSettings.CreateAs.CONTACT);
        assertThat(settings.outboundEnabled()).isFalse();
    }

    @Test
    void unknown_create_as_is_rejected_with_the_allowed_values() throws Exception {
        var r = put(DEFAULTS.replace("\"LEAD\"", "\"OPPORTUNITY\""), "admin", "test-secret");
        assertBadRequest(r, "outbound.createAs must be one of LEAD, CONTACT");
    }

    @Test
    void missing_field_is_rejected_naming_the_field() throws Exception {
        var r = put(DEFAULTS.replace("\"accounts\":true", "\"ignored\":null").replace(",\"ignored\":null", ""),
                "admin", "test-secret");
        assertBadRequest(r, "inbound.accounts is required");
    }

    @Test
    void missing_section_is_rejected_naming_it() throws Exception {
        var r = put("{\"inbound\":{\"leads\":true,\"contacts\":true,\"accounts\":true}}", "admin", "test-secret");
        assertBadRequest(r, "outbound is required");
    }

    @Test
    void extra_field_is_rejected_naming_the_field() throws Exception {
        var r = put(DEFAULTS.replace("\"leads\":true", "\"leads\":true,\"opportunities\":true"), "admin",
                "test-secret");
        assertBadRequest(r, "unknown field 'inbound.opportunities'");
    }

    @Test
    void string_instead_of_boolean_is_rejected() throws Exception {
        var r = put(DEFAULTS.replace("\"enabled\":true", "\"enabled\":\"yes\""), "admin", "test-secret");
        assertBadRequest(r, "outbound.enabled must be a boolean");
    }

    @Test
    void number_instead_of_boolean_is_rejected() throws Exception {
        var r = put(DEFAULTS.replace("\"leads\":true", "\"leads\":1"), "admin", "test-secret");
        assertBadRequest(r, "inbound.leads must be a boolean");
    }

    @Test
    void null_value_is_rejected_as_missing() throws Exception {
        var r = put(DEFAULTS.replace("\"createAccounts\":true", "\"createAccounts\":null"), "admin", "test-secret");
        assertBadRequest(r, "outbound.createAccounts is required");
    }

    @Test
    void malformed_json_and_non_objects_are_rejected() throws Exception {
        assertBadRequest(put("{\"inbound\":", "admin", "test-secret"), "malformed JSON");
        assertBadRequest(put("[1,2]", "admin", "test-secret"), "body must be a JSON object");
        assertBadRequest(put("", "admin", "test-secret"), "request body is empty");
    }

    @Test
    void rejected_changes_leave_the_settings_untouched() throws Exception {
        put(DEFAULTS.replace("\"LEAD\"", "\"NOPE\""), "admin", "test-secret");
        assertThat(settings.createAs()).isEqualTo(SyncSettings.CreateAs.LEAD);
    }

    @Test
    void api_requires_authentication() throws Exception {
        var anonymous = http.send(HttpRequest.newBuilder(uri("/api/settings/sync")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        var wrong = send(HttpRequest.newBuilder(uri("/api/settings/sync")).GET(), "admin", "wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        var anonymousPut = http.send(HttpRequest.newBuilder(uri("/api/settings/sync"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(DEFAULTS))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousPut.statusCode()).isEqualTo(401);
        var activity = http.send(HttpRequest.newBuilder(uri("/api/activity")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(activity.statusCode()).isEqualTo(401);
    }

    @Test
    void health_is_open_for_load_balancers() throws Exception {
        var health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isIn(200, 503);
    }

    @Test
    void every_change_is_in_the_history_newest_first_with_its_user() throws Exception {
        put(DEFAULTS.replace("\"LEAD\"", "\"CONTACT\""), "admin", "test-secret");
        put(DEFAULTS.replace("\"leads\":true", "\"leads\":false"), "admin", "test-secret");

        var r = send(HttpRequest.newBuilder(uri("/api/settings/sync/history?limit=1000")).GET(), "admin", "test-secret");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode history = json.readTree(r.body());
        assertThat(history.size()).isGreaterThanOrEqualTo(3);
        JsonNode newest = history.get(0);
        assertThat(newest.get("changedBy").asText()).isEqualTo("admin");
        assertThat(newest.get("settings").get("inbound").get("leads").asBoolean()).isFalse();
        assertThat(newest.get("previous").get("outbound").get("createAs").asText()).isEqualTo("CONTACT");
        assertThat(history.get(1).get("settings").get("outbound").get("createAs").asText()).isEqualTo("CONTACT");
        assertThat(newest.get("changedAt").asText()).isGreaterThanOrEqualTo(history.get(1).get("changedAt").asText());
        JsonNode oldest = history.get(history.size() - 1);
        assertThat(oldest.get("changedBy").asText()).isEqualTo("application.yaml");
    }

    private void assertBadRequest(HttpResponse<String> r, String expectedMessagePart) throws Exception {
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("message").asText()).contains(expectedMessagePart);
    }

    private HttpResponse<String> put(String body, String user, String password) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/settings/sync")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), user, password);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String user, String password) throws Exception {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
