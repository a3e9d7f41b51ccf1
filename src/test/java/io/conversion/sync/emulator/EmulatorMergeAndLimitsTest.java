package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.emulator.WireClient.Resp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The control API's merge (as Salesforce merges) and the rolling daily API limit, on the wire. */
class EmulatorMergeAndLimitsTest extends EmulatorWireTestBase {

    private List<JsonNode> eventsAfter(long replayId) {
        return emu.events().retained().stream().filter(e -> e.replayId() > replayId).map(e -> (JsonNode) e.payload()).toList();
    }

    // ------------------------------------------------------------------ merge

    @Test
    void lead_merge_deletes_losers_with_master_record_id_and_updates_the_winner_in_one_transaction() throws Exception {
        String winner = emu.org().create("Lead", Map.of("LastName", "Doe", "Company", "Acme", "Email", "old@acme.com"));
        String l1 = emu.org().create("Lead", Map.of("LastName", "Doe", "Company", "Acme", "Email", "jd@acme.com"));
        String l2 = emu.org().create("Lead", Map.of("LastName", "Doe", "Company", "Acme"));
        long before = emu.events().lastReplayId();
        CLOCK.advance(Duration.ofMinutes(5));
        Resp r = wire.control("POST", "/merge/Lead", "{\"masterId\":\"" + winner + "\",\"duplicateIds\":[\"" + l1 + "\",\"" + l2 + "\"],"
                + "\"fields\":{\"Email\":\"jd@acme.com\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(winner);
        assertThat(r.json().get("mergedRecordIds").toString()).isEqualTo("[\"" + l1 + "\",\"" + l2 + "\"]");

        List<JsonNode> events = eventsAfter(before);
        assertThat(events).hasSize(2);
        JsonNode delete = events.get(0).get("ChangeEventHeader");
        assertThat(delete.get("changeType").asText()).isEqualTo("DELETE");
        assertThat(delete.get("recordIds").toString()).as("one delete for all losers").isEqualTo("[\"" + l1 + "\",\"" + l2 + "\"]");
        assertThat(events.get(0).size()).as("a DELETE carries only its header").isEqualTo(1);
        JsonNode update = events.get(1).get("ChangeEventHeader");
        assertThat(update.get("changeType").asText()).isEqualTo("UPDATE");
        assertThat(update.get("recordIds").toString()).isEqualTo("[\"" + winner + "\"]");
        assertThat(update.get("changedFields").toString()).isEqualTo("[\"Email\",\"LastModifiedDate\"]");
        assertThat(events.get(1).get("Email").asText()).isEqualTo("jd@acme.com");
        assertThat(update.get("transactionKey").asText()).isEqualTo(delete.get("transactionKey").asText());
        assertThat(update.get("sequenceNumber").asInt()).isEqualTo(2);

        Map<String, Object> loser = emu.org().get("Lead", l1).orElseThrow();
        assertThat(loser).containsEntry("IsDeleted", true).containsEntry("MasterRecordId", winner);
        Resp all = wire.query("queryAll", "SELECT Id, MasterRecordId FROM Lead WHERE Id IN ('" + l1 + "','" + l2 + "')");
        assertThat(all.json().get("records").findValuesAsText("MasterRecordId")).containsExactly(winner, winner);
        assertThat(emu.org().count("Lead")).isEqualTo(1);
    }

    @Test
    void account_merge_reparents_the_losers_contacts_to_the_winner_without_their_own_events() throws Exception {
        String winner = emu.org().create("Account", Map.of("Name", "Acme"));
        String loser = emu.org().create("Account", Map.of("Name", "Acme Inc"));
        String c1 = emu.org().create("Contact", Map.of("LastName", "One", "AccountId", loser));
        String c2 = emu.org().create("Contact", Map.of("LastName", "Two", "AccountId", winner));
        long before = emu.events().lastReplayId();
        Resp r = wire.control("POST", "/merge/Account", "{\"masterId\":\"" + winner + "\",\"duplicateIds\":[\"" + loser + "\"]}");
        assertThat(r.json().get("updatedRelatedIds").toString()).isEqualTo("[\"" + c1 + "\"]");
        assertThat(emu.org().get("Contact", c1).orElseThrow().get("AccountId")).isEqualTo(winner);
        assertThat(emu.org().get("Contact", c2).orElseThrow().get("AccountId")).isEqualTo(winner);
        List<JsonNode> events = eventsAfter(before);
        assertThat(events).extracting(e -> e.at("/ChangeEventHeader/entityName").asText() + " " + e.at("/ChangeEventHeader/changeType").asText())
                .containsExactly("Account DELETE", "Account UPDATE");
        assertThat(events.get(1).at("/ChangeEventHeader/changedFields").toString()).isEqualTo("[\"LastModifiedDate\"]");
    }

    @Test
    void account_merge_can_emit_updates_for_reparented_contacts_when_asked() throws Exception {
        String winner = emu.org().create("Account", Map.of("Name", "Acme"));
        String loser = emu.org().create("Account", Map.of("Name", "Acme Inc"));
        String c1 = emu.org().create("Contact", Map.of("LastName", "One", "AccountId", loser));
        long before = emu.events().lastReplayId();
        wire.control("POST", "/merge/Account", "{\"masterId\":\"" + winner + "\",\"duplicateIds\":[\"" + loser + "\"],\"reparentEvents\":true}");
        List<JsonNode> events = eventsAfter(before);
        assertThat(events).extracting(e -> e.at("/ChangeEventHeader/entityName").asText() + " " + e.at("/ChangeEventHeader/changeType").asText())
                .containsExactly("Account DELETE", "Contact UPDATE", "Account UPDATE");
        assertThat(events.get(1).at("/ChangeEventHeader/recordIds/0").asText()).isEqualTo(c1);
        assertThat(events.get(1).get("AccountId").asText()).isEqualTo(winner);
    }

    @Test
    void invalid_merges_change_nothing() throws Exception {
        String a = emu.org().create("Contact", Map.of("LastName", "A"));
        String b = emu.org().create("Contact", Map.of("LastName", "B"));
        String c = emu.org().create("Contact", Map.of("LastName", "C"));
        String d = emu.org().create("Contact", Map.of("LastName", "D"));
        long before = emu.events().lastReplayId();
        Resp tooMany = wire.control("POST", "/merge/Contact", "{\"masterId\":\"" + a + "\",\"duplicateIds\":[\"" + b + "\",\"" + c + "\",\"" + d + "\"]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get(0).get("errorCode").asText()).isEqualTo("LIMIT_EXCEEDED");
        Resp self = wire.control("POST", "/merge/Contact", "{\"masterId\":\"" + a + "\",\"duplicateIds\":[\"" + a + "\"]}");
        assertThat(self.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_ID_FIELD");
        Resp badField = wire.control("POST", "/merge/Contact", "{\"masterId\":\"" + a + "\",\"duplicateIds\":[\"" + b + "\"],\"fields\":{\"Email\":\"nope\"}}");
        assertThat(badField.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
        emu.org().delete("Contact", d);
        before = emu.events().lastReplayId();
        Resp deleted = wire.control("POST", "/merge/Contact", "{\"masterId\":\"" + a + "\",\"duplicateIds\":[\"" + d + "\"]}");
        assertThat(deleted.json().get(0).get("errorCode").asText()).isEqualTo("ENTITY_IS_DELETED");
        assertThat(eventsAfter(before)).isEmpty();
        assertThat(emu.org().count("Contact")).isEqualTo(3);
    }

    // ------------------------------------------------------------------ API limit

    @Test
    void every_rest_answer_carries_sforce_limit_info_errors_included() throws Exception {
        assertThat(wire.rest("GET", "/sobjects/Lead/00Q000000000zzzAAA", null).header("Sforce-Limit-Info")).isEqualTo("api-usage=1/100000");
        assertThat(wire.rest("GET", "/nothing-here", null).header("Sforce-Limit-Info")).isEqualTo("api-usage=2/100000");
        assertThat(wire.rest("POST", "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Nope FROM Lead\"}").header("Sforce-Limit-Info"))
                .isEqualTo("api-usage=3/100000");
    }

    @Test
    void limits_set_through_the_control_api_refuse_calls_with_403_until_the_rolling_24_hours_pass() throws Exception {
        Resp set = wire.control("POST", "/limits", "{\"dailyApiRequests\":500,\"remaining\":1}");
        assertThat(set.json().at("/dailyApiRequests/Remaining").asInt()).isEqualTo(1);
        assertThat(wire.rest("GET", "/limits/", null).json().at("/DailyApiRequests/Remaining").asInt()).isZero();
        Resp refused = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"fields\":[]}]");
        assertThat(refused.header("Sforce-Limit-Info")).isEqualTo("api-usage=501/500");
        Resp bulk = wire.rest("POST", "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}");
        assertThat(bulk.status()).as("Bulk API requests count and are refused alike").isEqualTo(403);
        assertThat(emu.org().count("Lead")).isZero();

        CLOCK.advance(Duration.ofHours(23).plusMinutes(58));
        assertThat(wire.rest("GET", "/limits/", null).status()).as("still within 24 h of the spent calls").isEqualTo(403);
        CLOCK.advance(Duration.ofMinutes(3));
        Resp after = wire.rest("POST", "/sobjects/Lead", "{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        assertThat(after.status()).isEqualTo(201);
        assertThat(after.header("Sforce-Limit-Info")).startsWith("api-usage=").endsWith("/500");
    }
}
