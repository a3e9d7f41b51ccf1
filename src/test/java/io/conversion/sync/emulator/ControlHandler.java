package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Emulator control API under {@code /emulator/} (no auth, JSON). See {@link SalesforceEmulator} for the Java equivalents.
 */
final class ControlHandler {
    private final SalesforceEmulator emu;

    ControlHandler(SalesforceEmulator emu) {
        this.emu = emu;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        String[] s = path.replaceAll("/+$", "").split("/"); // "", "emulator", ...
        String what = s.length > 2 ? s[2] : "";
        JsonNode body = method.equals("GET") || method.equals("DELETE") ? JsonNodeFactory.instance.objectNode() : Http.jsonBody(ex);
        ObjectNode ok = JsonNodeFactory.instance.objectNode().put("ok", true);
        Org org = emu.org();
        switch (what) {
            case "reset" -> { emu.reset(); Http.send(ex, 200, ok); }
            case "stats" -> {
                if (s.length > 3 && s[3].equals("reset")) { emu.usage().reset(); Http.send(ex, 200, ok); }
                else Http.send(ex, 200, emu.usage().toJson());
            }
            case "limits" -> {
                if (body.has("dailyApiRequests")) emu.usage().dailyLimit(body.get("dailyApiRequests").asLong());
                if (body.has("remaining")) emu.usage().remaining(body.get("remaining").asLong());
                // The usage window's clock moves on (calls made more than 24 h "ago" roll off); records keep their dates.
                if (body.has("advanceWindowMinutes")) emu.usage().advanceWindow(java.time.Duration.ofMinutes(body.get("advanceWindowMinutes").asLong()));
                Http.send(ex, 200, emu.usage().toJson());
            }
            case "tokens" -> { emu.expireTokens(); Http.send(ex, 200, ok); }
            case "faults" -> faults(ex, s, body, ok);
            case "cometd" -> { emu.expireCometdClients(); Http.send(ex, 200, ok); }
            case "rules" -> {
                if (method.equals("DELETE")) org.clearRules();
                else if (s.length > 3 && s[3].equals("duplicate")) org.rejectDuplicateEmail(body.path("email").asText());
                else if (s.length > 3 && s[3].equals("validation")) org.rejectEmailsMatching(body.path("emailPattern").asText(), body.path("message").asText(null));
                else throw ApiException.notFound();
                Http.send(ex, 200, ok);
            }
            case "leads" -> {
                if (s.length != 5 || !s[4].equals("convert")) throw ApiException.notFound();
                Org.Conversion c = org.convertLead(s[3], body.path("accountId").asText(null), body.path("contactId").asText(null),
                        body.path("convertedStatus").asText(null));
                Http.send(ex, 200, JsonNodeFactory.instance.objectNode().put("leadId", c.leadId()).put("accountId", c.accountId()).put("contactId", c.contactId()));
            }
            case "records" -> records(ex, method, s, body, ok);
            case "merge" -> merge(ex, s, body);
            case "demo-data" -> { DemoData.seed(org); Http.send(ex, 200, ok); }
            case "seed" -> {
                BulkSeed.Counts c = BulkSeed.seed(org, body.path("accounts").asInt(0), body.path("contacts").asInt(0), body.path("leads").asInt(0),
                        body.path("events").asBoolean(false));
                Http.send(ex, 200, JsonNodeFactory.instance.objectNode().put("accounts", c.accounts()).put("contacts", c.contacts()).put("leads", c.leads()));
            }
            case "fields" -> fields(ex, method, s, body);
            case "events" -> events(ex, method, s, body);
            default -> throw ApiException.notFound();
        }
    }

    private void merge(HttpExchange ex, String[] s, JsonNode body) throws IOException {
        if (s.length != 4) throw ApiException.notFound();
        List<String> duplicates = new ArrayList<>();
        body.path("duplicateIds").forEach(n -> duplicates.add(n.asText()));
        Map<String, Object> fields = body.path("fields").isObject() ? Http.toMap(body.get("fields")) : Map.of();
        Org.MergeResult r = emu.org().merge(s[3], body.path("masterId").asText(null), duplicates, fields, body.path("reparentEvents").asBoolean(false));
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", r.id()).put("success", true);
        r.mergedRecordIds().forEach(out.putArray("mergedRecordIds")::add);
        r.updatedRelatedIds().forEach(out.putArray("updatedRelatedIds")::add);
        Http.send(ex, 200, out);
    }

    /** {@code GET /emulator/fields/{type}} lists the fields; {@code POST} with {"name":"Score__c","type":"double"} adds a custom field. */
    private void fields(HttpExchange ex, String method, String[] s, JsonNode body) throws IOException {
        if (s.length != 4) throw ApiException.notFound();
        SObjectType t = emu.org().requireType(s[3]);
        if (method.equals("POST")) {
            String name = body.path("name").asText("");
            emu.org().addCustomField(t.name(), name, body.path("type").asText("string"),
                    body.has("length") ? body.get("length").asInt() : null, body.path("label").asText(null));
            Http.send(ex, 201, Describe.field(t.field(name)));
        } else {
            Http.send(ex, 200, Describe.of(t, emu.config().apiVersion()).get("fields"));
        }
    }

    private void faults(HttpExchange ex, String[] s, JsonNode body, ObjectNode ok) throws IOException {
        FaultInjector f = emu.faults();
        String kind = s.length > 3 ? s[3] : "";
        int count = body.path("count").asInt(1);
        switch (kind) {
            case "clear" -> f.clear();
            case "unavailable" -> f.unavailable(count);
            case "outage" -> f.outage(java.time.Duration.ofMillis(body.path("seconds").asLong(120) * 1000));
            case "session-expired" -> f.sessionExpired(count);
            case "limit-exceeded" -> f.limitExceeded(count);
            case "slow" -> {
                if (body.hasNonNull("operation")) f.slowOn(body.get("operation").asText(), count, body.path("delayMs").asLong(1000));
                else f.slow(count, body.path("delayMs").asLong(1000));
            }
            case "reject" -> f.rejectOn(body.path("operation").asText(null), count,
                    body.path("errorCode").asText("JSON_PARSER_ERROR"), body.path("message").asText("Unexpected request"));
            case "apply-then-fail" -> {
                if (body.hasNonNull("operation")) f.applyThenFailOn(body.get("operation").asText(), count);
                else f.applyThenFail(count);
            }
            case "apply-then-delay" -> f.applyThenDelay(count, body.path("delayMs").asLong(1000));
            case "unknown-client" -> f.unknownClientOnNextConnects(count);
            case "subscribe" -> f.failSubscribes(body.path("error").asText("401::Authentication invalid"), count);
            case "bulk-query-failure" -> f.failBulkQueries(body.path("message").asText("InternalServerError : the query job failed"), count);
            default -> throw ApiException.notFound();
        }
        Http.send(ex, 200, ok);
    }

    private void records(HttpExchange ex, String method, String[] s, JsonNode body, ObjectNode ok) throws IOException {
        Org org = emu.org();
        if (s.length < 4) throw ApiException.notFound();
        SObjectType t = org.requireType(s[3]);
        if (s.length == 4) {
            if (method.equals("POST")) {
                String id = org.create(t.name(), Http.toMap(body));
                Http.send(ex, 201, JsonNodeFactory.instance.objectNode().put("id", id));
            } else {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                org.all(t.name()).forEach(r -> a.add(RestHandler.project(emu.config().apiVersion(), t, r, null)));
                Http.send(ex, 200, a);
            }
            return;
        }
        String id = s[4];
        if (s.length == 6 && s[5].equals("undelete") && method.equals("POST")) {
            org.undelete(t.name(), id);
            Http.send(ex, 200, ok);
            return;
        }
        switch (method) {
            case "GET" -> {
                Map<String, Object> r = org.get(t.name(), id).orElseThrow(ApiException::notFound);
                Http.send(ex, 200, RestHandler.project(emu.config().apiVersion(), t, r, null));
            }
            case "PATCH", "POST" -> { org.update(t.name(), id, Http.toMap(body)); Http.send(ex, 200, ok); }
            case "DELETE" -> { org.delete(t.name(), id); Http.send(ex, 200, ok); }
            default -> throw ApiException.notFound();
        }
    }

    private void events(HttpExchange ex, String method, String[] s, JsonNode body) throws IOException {
        ChangeEventBus bus = emu.events();
        String kind = s.length > 3 ? s[3] : "";
        if (method.equals("GET")) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (var e : bus.retained()) {
                ObjectNode m = a.addObject();
                m.put("channel", e.channel());
                m.set("data", e.data());
            }
            Http.send(ex, 200, a);
            return;
        }
        switch (kind) {
            case "gap" -> {
                List<String> ids = new ArrayList<>();
                body.path("recordIds").forEach(n -> ids.add(n.asText()));
                emu.org().publishGap(body.path("entityName").asText(), body.path("changeType").asText(), ids);
            }
            case "raw" -> {
                if (!body.path("payload").isObject()) throw new ApiException(400, "JSON_PARSER_ERROR", "payload object required");
                String channel = body.path("channel").asText("");
                if (!channel.matches("/(data|event|topic)/[A-Za-z0-9_]+")) {
                    throw new ApiException(400, "INVALID_FIELD", "channel must look like /data/LeadChangeEvent or /event/Name__e: " + channel);
                }
                if (channel.startsWith("/data/") && !body.path("payload").path("ChangeEventHeader").isObject()) {
                    // camel-salesforce's change-event mapping dereferences payload.ChangeEventHeader
                    throw new ApiException(400, "REQUIRED_FIELD_MISSING", "change events need payload.ChangeEventHeader");
                }
                bus.publish(body.path("channel").asText(), (ObjectNode) body.get("payload"));
            }
            default -> throw ApiException.notFound();
        }
        Http.send(ex, 200, JsonNodeFactory.instance.objectNode().put("lastReplayId", bus.lastReplayId()));
    }
}
