package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.conversion.sync.emulator.SObjectType.Field;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** sObject Collections: {@code /composite/sobjects} create (POST), update (PATCH), delete (DELETE ?ids=), retrieve (POST /{Type}). One call = one transaction. */
final class CompositeHandler {
    static final int MAX_RECORDS = 200;
    private final SalesforceEmulator emu;

    CompositeHandler(SalesforceEmulator emu) {
        this.emu = emu;
    }

    private interface RecordOp {
        /** Validates (dry) or applies one record; returns its id. */
        String run(Org.Txn tx, String type, Map<String, Object> rec, boolean dryRun);
    }

    void handle(HttpExchange ex, RestHandler.Call call, String method, String[] s, RestHandler rest) throws IOException {
        if (s.length == 3 && method.equals("POST")) {
            rest.reply(ex, 200, write(call, Http.jsonBody(ex), (tx, type, rec, dry) -> {
                if (dry) { tx.validateInsertOnly(type, rec); return null; }
                return tx.insert(type, rec);
            }));
        } else if (s.length == 3 && method.equals("PATCH")) {
            rest.reply(ex, 200, write(call, Http.jsonBody(ex), (tx, type, rec, dry) -> {
                Object id = rec.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Id")).map(Map.Entry::getValue)
                        .filter(v -> v != null).findFirst().orElse(null);
                if (id == null) throw new ApiException(400, "MISSING_ARGUMENT", "Id not specified in an update call", List.of("Id"));
                if (dry) { tx.validateUpdateOnly(type, id.toString(), rec); return id.toString(); }
                tx.update(type, id.toString(), rec);
                return IdGenerator.normalize(id.toString());
            }));
        } else if (s.length == 3 && method.equals("DELETE")) {
            Map<String, String> q = Http.query(ex);
            String idsParam = q.getOrDefault("ids", "");
            List<String> ids = idsParam.isBlank() ? List.of() : List.of(idsParam.split(","));
            if (ids.size() > MAX_RECORDS) throw tooMany();
            boolean allOrNone = Boolean.parseBoolean(q.get("allOrNone"));
            rest.reply(ex, 200, delete(call, ids, allOrNone));
        } else if (s.length == 4 && method.equals("POST")) {
            SObjectType t = emu.org().type(s[3]);
            if (t == null) throw ApiException.notFound();
            JsonNode body = Http.jsonBody(ex);
            List<Field> fields = new ArrayList<>();
            body.path("fields").forEach(f -> fields.addAll(RestHandler.parseFields(t, f.asText())));
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode id : body.path("ids")) {
                String nid = IdGenerator.normalize(id.asText());
                Map<String, Object> r = nid == null ? null : emu.org().get(t.name(), nid).orElse(null);
                if (r == null || Boolean.TRUE.equals(r.get("IsDeleted"))) out.addNull();
                else out.add(RestHandler.project(call.version(), t, r, fields.isEmpty() ? null : fields));
            }
            rest.reply(ex, 200, out);
        } else {
            throw ApiException.notFound();
        }
    }

    private static ApiException tooMany() {
        return new ApiException(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than " + MAX_RECORDS + " records into this call");
    }

    private ArrayNode write(RestHandler.Call call, JsonNode body, RecordOp op) {
        JsonNode records = body.path("records");
        if (!records.isArray()) throw new ApiException(400, "JSON_PARSER_ERROR", "records: expected a JSON array");
        if (records.size() > MAX_RECORDS) throw tooMany();
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        int n = records.size();
        return emu.org().inTransaction(call.changeOrigin(), tx -> {
            ApiException[] errors = new ApiException[n];
            List<Map<String, Object>> inputs = new ArrayList<>();
            List<String> types = new ArrayList<>();
            boolean anyFailed = false;
            for (int i = 0; i < n; i++) {
                JsonNode r = records.get(i);
                String type = typeOf(r);
                types.add(type);
                Map<String, Object> input = r.isObject() ? Http.toMap(r) : Map.of();
                inputs.add(input);
                try {
                    if (type == null) throw new ApiException(400, "INVALID_TYPE", "Must send a concrete entity type.");
                    if (emu.org().type(type) == null) throw new ApiException(400, "INVALID_TYPE", "sObject type '" + type + "' is not supported.");
                    op.run(tx, type, input, true);
                } catch (ApiException e) {
                    errors[i] = e;
                    anyFailed = true;
                }
            }
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            if (allOrNone && anyFailed) {
                for (int i = 0; i < n; i++) {
                    ApiException e = errors[i] != null ? errors[i]
                            : new ApiException(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header");
                    out.add(failure(e));
                }
                return out;
            }
            for (int i = 0; i < n; i++) {
                if (errors[i] != null) {
                    out.add(failure(errors[i]));
                    continue;
                }
                try {
                    out.add(success(op.run(tx, types.get(i), inputs.get(i), false)));
                } catch (ApiException e) {
                    out.add(failure(e));
                }
            }
            return out;
        });
    }

    private ArrayNode delete(RestHandler.Call call, List<String> ids, boolean allOrNone) {
        return emu.org().inTransaction(call.changeOrigin(), tx -> {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            List<ApiException> errors = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (String id : ids) {
                String nid = IdGenerator.normalize(id);
                String type = null;
                if (nid != null) {
                    for (String candidate : List.of("Lead", "Contact", "Account")) {
                        if (nid.startsWith(emu.org().type(candidate).keyPrefix())) type = candidate;
                    }
                }
                types.add(type);
                ApiException err = null;
                if (type == null) {
                    err = new ApiException(400, "MALFORMED_ID", "malformed id " + id);
                } else {
                    Map<String, Object> r = emu.org().get(type, nid).orElse(null);
                    if (r == null) err = new ApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
                    else if (Boolean.TRUE.equals(r.get("IsDeleted"))) err = new ApiException(400, "ENTITY_IS_DELETED", "entity is deleted");
                }
                errors.add(err);
            }
            boolean anyFailed = errors.stream().anyMatch(e -> e != null);
            for (int i = 0; i < ids.size(); i++) {
                if (errors.get(i) != null) {
                    out.add(failure(errors.get(i)).put("id", ids.get(i)));
                } else if (allOrNone && anyFailed) {
                    out.add(failure(new ApiException(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                            "Record rolled back because not all records were valid and the request was using AllOrNone header")).put("id", ids.get(i)));
                } else {
                    try {
                        tx.delete(types.get(i), ids.get(i)); // an id listed twice fails the second time (ENTITY_IS_DELETED)
                        out.add(success(IdGenerator.normalize(ids.get(i))));
                    } catch (ApiException e) {
                        out.add(failure(e).put("id", ids.get(i)));
                    }
                }
            }
            return out;
        });
    }

    /** {@code attributes.type}; field names are case-insensitive in Salesforce's REST API, so {@code Attributes}/{@code Type} too. */
    private static String typeOf(JsonNode record) {
        for (var a = record.fields(); a.hasNext(); ) {
            var attr = a.next();
            if (!attr.getKey().equalsIgnoreCase("attributes") || !attr.getValue().isObject()) continue;
            for (var t = attr.getValue().fields(); t.hasNext(); ) {
                var e = t.next();
                if (e.getKey().equalsIgnoreCase("type") && e.getValue().isTextual()) return e.getValue().asText();
            }
        }
        return null;
    }

    private static ObjectNode success(String id) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id);
        n.put("success", true);
        n.putArray("errors");
        return n;
    }

    private static ObjectNode failure(ApiException e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("success", false);
        ObjectNode err = n.putArray("errors").addObject();
        err.put("statusCode", e.errorCode());
        err.put("message", e.getMessage());
        ArrayNode f = err.putArray("fields");
        e.fields().forEach(f::add);
        return n;
    }
}
