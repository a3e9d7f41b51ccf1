package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.conversion.sync.emulator.SObjectType.Field;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** REST API under {@code /services/data/vXX.X/}: sObjects, query/queryAll/queryMore, limits; collections via {@link CompositeHandler}. */
final class RestHandler {
    private static final Pattern VERSIONED = Pattern.compile("^/services/data/v(\\d+\\.\\d+)(/.*)?$");
    private final SalesforceEmulator emu;
    private final CompositeHandler composite;
    private final BulkQueryHandler bulkQuery;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

    RestHandler(SalesforceEmulator emu) {
        this.emu = emu;
        this.composite = new CompositeHandler(emu);
        this.bulkQuery = new BulkQueryHandler(emu, this);
    }

    /** Per-request context: API version, changeOrigin. */
    record Call(String version, String changeOrigin) {
    }

    void handle(HttpExchange ex, String path) throws IOException {
        if (path.equals("/services/data") || path.equals("/services/data/")) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            a.addObject().put("label", "Winter '23").put("url", "/services/data/v" + emu.config().apiVersion()).put("version", emu.config().apiVersion());
            Http.send(ex, 200, a);
            return;
        }
        Matcher m = VERSIONED.matcher(path);
        if (!m.matches()) {
            Http.sendError(ex, ApiException.notFound());
            return;
        }
        String token = TokenStore.fromAuthorization(ex.getRequestHeaders().getFirst("Authorization"));
        if (!emu.tokens().isValid(token)) {
            Http.send(ex, 401, Http.errorBody("Session expired or invalid", "INVALID_SESSION_ID", null));
            return;
        }
        String version = m.group(1);
        String rest = m.group(2) == null ? "/" : m.group(2);
        String method = ex.getRequestMethod();
        String op = operation(method, rest);
        boolean withinLimit = emu.usage().recordApiCall(op);
        // Salesforce answers every API request (errors included) with the usage of the org's rolling 24 h allowance.
        ex.getResponseHeaders().set("Sforce-Limit-Info", emu.usage().limitInfo());
        if (emu.faults().inOutage()) {
            reply(ex, 503, Http.errorBody("Service Unavailable", "SERVER_UNAVAILABLE", null));
            return;
        }
        FaultInjector.Fault fault = emu.faults().nextRestFault(op);
        if (fault != null) {
            switch (fault.type()) {
                case UNAVAILABLE -> { reply(ex, 503, Http.errorBody("Service Unavailable", "SERVER_UNAVAILABLE", null)); return; }
                case SESSION_EXPIRED -> { reply(ex, 401, Http.errorBody("Session expired or invalid", "INVALID_SESSION_ID", null)); return; }
                case LIMIT_EXCEEDED -> { reply(ex, 403, Http.errorBody("TotalRequests Limit exceeded.", "REQUEST_LIMIT_EXCEEDED", null)); return; }
                case DELAY -> sleep(fault.delayMs());
                case REFUSED -> { reply(ex, 400, Http.errorBody("Refused by the emulator's fault injection", "MALFORMED_QUERY", null)); return; }
                case HOLD -> fault.hold().hold();
                case REJECT -> { reply(ex, 400, Http.errorBody(fault.message(), fault.errorCode(), null)); return; }
                case APPLY_THEN_UNAVAILABLE, APPLY_THEN_DELAY -> { }
            }
        }
        if (!withinLimit) {
            reply(ex, 403, Http.errorBody("TotalRequests Limit exceeded.", "REQUEST_LIMIT_EXCEEDED", null));
            return;
        }
        Call call = new Call(version, changeOrigin(version, ex.getRequestHeaders().getFirst("Sforce-Call-Options")));
        if (fault != null && (fault.type() == FaultInjector.RestFault.APPLY_THEN_UNAVAILABLE
                || fault.type() == FaultInjector.RestFault.APPLY_THEN_DELAY)) {
            // Applied, answer lost: perform the request against a detached exchange, then fail or answer late.
            DetachedExchange detached = new DetachedExchange(ex);
            serve(detached, call, method, rest);
            if (fault.type() == FaultInjector.RestFault.APPLY_THEN_UNAVAILABLE) {
                reply(ex, 503, Http.errorBody("Service Unavailable", "SERVER_UNAVAILABLE", null));
            } else {
                sleep(fault.delayMs());
                try {
                    detached.forward();
                } catch (IOException clientGone) {
                    ex.close();
                }
            }
            return;
        }
        serve(ex, call, method, rest);
    }

    private void serve(HttpExchange ex, Call call, String method, String rest) throws IOException {
        try {
            route(ex, call, method, rest);
        } catch (ApiException e) {
            reply(ex, e.status(), Http.errorBody(e.getMessage(), e.errorCode(), e.fields()));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String changeOrigin(String version, String callOptions) {
        String origin = "com/salesforce/api/rest/" + version;
        if (callOptions != null) {
            for (String part : callOptions.split("[,;]")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "client=", 0, 7) && p.length() > 7) {
                    return origin + ";client=" + p.substring(7).trim();
                }
            }
        }
        return origin;
    }

    static String operation(String method, String rest) {
        String[] s = rest.replaceAll("/+$", "").split("/");
        String first = s.length > 1 ? s[1] : "";
        return switch (first) {
            case "query" -> s.length > 2 ? "queryMore" : "query";
            case "queryAll" -> "queryAll";
            case "limits" -> "limits";
            case "jobs" -> s.length > 2 && s[2].equals("query") ? BulkQueryHandler.operation(method, s) : "jobs";
            case "sobjects" -> switch (method) {
                case "POST" -> "sobject.create";
                case "PATCH" -> s.length > 4 ? "sobject.upsert" : "sobject.update";
                case "DELETE" -> "sobject.delete";
                default -> s.length > 3 && s[3].equals("describe") ? "sobject.describe" : s.length > 2 ? "sobject.get" : "sobject.describeGlobal";
            };
            case "composite" -> s.length > 2 && s[2].equals("sobjects") ? switch (method) {
                case "POST" -> s.length > 3 ? "composite.sobjects.retrieve" : "composite.sobjects.create";
                case "PATCH" -> s.length > 3 ? "composite.sobjects.upsert" : "composite.sobjects.update";
                case "DELETE" -> "composite.sobjects.delete";
                default -> "composite.sobjects";
            } : "composite";
            default -> "other";
        };
    }

    void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        ex.getResponseHeaders().set("Sforce-Limit-Info", emu.usage().limitInfo());
        Http.send(ex, status, body);
    }

    private void route(HttpExchange ex, Call call, String method, String rest) throws IOException {
        String[] s = rest.replaceAll("/+$", "").split("/");
        String first = s.length > 1 ? s[1] : "";
        switch (first) {
            case "limits" -> {
                ObjectNode l = JsonNodeFactory.instance.objectNode();
                l.putObject("DailyApiRequests").put("Max", emu.usage().dailyLimit())
                        .put("Remaining", emu.usage().remaining());
                reply(ex, 200, l);
            }
            case "query", "queryAll" -> {
                if (s.length > 2) {
                    queryMore(ex, call, s[2]);
                } else {
                    String q = Http.query(ex).get("q");
                    if (q == null) throw new ApiException(400, "MALFORMED_QUERY", "A query string has to be specified");
                    emu.usage().recordQuery(q);
                    reply(ex, 200, query(call, q, first.equals("queryAll")));
                }
            }
            case "sobjects" -> sobjects(ex, call, method, s);
            case "jobs" -> bulkQuery.handle(ex, call, method, s);
            case "composite" -> {
                if (s.length > 2 && s[2].equals("sobjects")) composite.handle(ex, call, method, s, this);
                else if (s.length == 2 && method.equals("POST")) reply(ex, 200, compositeQueries(call, Http.jsonBody(ex)));
                else throw ApiException.notFound();
            }
            default -> throw ApiException.notFound();
        }
    }

    // ------------------------------------------------------------------ composite

    /**
     * {@code POST /composite} with GET subrequests on {@code query}/{@code queryAll} (what the sync sends): one API
     * call for all of them, as Salesforce counts it; each answer as Salesforce nests it ({@code compositeResponse}).
     * Other subrequests answer 400 {@code NOT_SUPPORTED_BY_EMULATOR}; at most 25 subrequests, as Salesforce.
     */
    ObjectNode compositeQueries(Call call, JsonNode body) {
        JsonNode requests = body.path("compositeRequest");
        if (requests.size() > 25) {
            throw new ApiException(400, "INVALID_INPUT", "Composite request can have up to 25 subrequests");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode responses = out.putArray("compositeResponse");
        for (JsonNode r : requests) {
            ObjectNode res = responses.addObject();
            res.putObject("httpHeaders");
            res.put("referenceId", r.path("referenceId").asText());
            String url = r.path("url").asText("");
            Matcher q = COMPOSITE_QUERY.matcher(url);
            try {
                if (!r.path("method").asText().equals("GET") || !q.matches()) {
                    throw new ApiException(400, "NOT_SUPPORTED_BY_EMULATOR", "Unsupported composite subrequest " + url);
                }
                String soql = java.net.URLDecoder.decode(q.group(2), java.nio.charset.StandardCharsets.UTF_8);
                res.put("httpStatusCode", 200);
                res.set("body", query(call, soql, q.group(1).equals("queryAll")));
            } catch (ApiException e) {
                res.put("httpStatusCode", e.status());
                res.set("body", Http.errorBody(e.getMessage(), e.errorCode(), e.fields()));
            }
        }
        return out;
    }

    private static final Pattern COMPOSITE_QUERY = Pattern.compile("/services/data/v[0-9.]+/(query|queryAll)/?\\?q=(.*)");

    // ------------------------------------------------------------------ query

    ObjectNode query(Call call, String soql, boolean all) {
        SoqlQuery q = SoqlQuery.parse(soql, emu.org()::type, emu.config().clock());
        List<Map<String, Object>> result = q.apply(snapshot(q.type, all));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("totalSize", result.size());
        if (q.count) {
            body.put("done", true);
            body.putArray("records");
            return body;
        }
        return page(body, call.version(), new Cursor(q.type, q.fields, result), null, 0);
    }

    /** The type's records (deleted ones too if {@code all}) as of now; stored records are never changed in place. */
    List<Map<String, Object>> snapshot(SObjectType type, boolean all) {
        return emu.org().read(store -> {
            List<Map<String, Object>> out = new ArrayList<>(store.size(type.name()));
            for (SRecord r : store.view(type.name())) {
                if (all || !r.deleted()) out.add(r);
            }
            return out;
        });
    }

    /** An open query cursor: the result's records, projected page by page. */
    private record Cursor(SObjectType type, List<Field> fields, List<Map<String, Object>> rows) {
    }

    private ObjectNode page(ObjectNode body, String version, Cursor cursor, String locator, int from) {
        List<Map<String, Object>> all = cursor.rows();
        int size = emu.config().queryPageSize();
        int to = Math.min(all.size(), from + size);
        boolean done = to >= all.size();
        body.put("done", done);
        if (!done) {
            String loc = locator;
            if (loc == null) {
                loc = "01g" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
                cursors.put(loc, cursor);
            }
            body.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + loc + "-" + to);
        } else if (locator != null) {
            cursors.remove(locator);
        }
        ArrayNode records = body.putArray("records");
        for (var r : all.subList(from, to)) records.add(project(version, cursor.type(), r, cursor.fields()));
        return body;
    }

    private void queryMore(HttpExchange ex, Call call, String locatorAndOffset) throws IOException {
        int dash = locatorAndOffset.lastIndexOf('-');
        Cursor cursor = dash < 0 ? null : cursors.get(locatorAndOffset.substring(0, dash));
        int from = -1;
        if (cursor != null) {
            try {
                from = Integer.parseInt(locatorAndOffset.substring(dash + 1));
            } catch (NumberFormatException e) {
                from = -1;
            }
        }
        if (cursor == null || from < 0 || from > cursor.rows().size()) {
            throw new ApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("totalSize", cursor.rows().size());
        reply(ex, 200, page(body, call.version(), cursor, locatorAndOffset.substring(0, dash), from));
    }

    static ObjectNode project(String version, SObjectType t, Map<String, Object> r, List<Field> fields) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("attributes").put("type", t.name()).put("url", "/services/data/v" + version + "/sobjects/" + t.name() + "/" + r.get("Id"));
        if (fields == null) {
            for (Field f : t.fields()) Org.putRestValue(n, f.name(), r.get(f.name()));
            for (var e : r.entrySet()) {
                if (!n.has(e.getKey())) Org.putRestValue(n, e.getKey(), e.getValue());
            }
        } else {
            for (Field f : fields) Org.putRestValue(n, f.name(), r.get(f.name()));
        }
        return n;
    }

    // ------------------------------------------------------------------ sObjects

    private void sobjects(HttpExchange ex, Call call, String method, String[] s) throws IOException {
        Org org = emu.org();
        if (s.length == 2 && method.equals("GET")) {
            reply(ex, 200, Describe.global(org.types(), call.version()));
            return;
        }
        if (s.length < 3) throw ApiException.notFound();
        SObjectType t = org.type(s[2]);
        if (t == null) throw ApiException.notFound();
        if (s.length == 4 && s[3].equals("describe") && method.equals("GET")) {
            reply(ex, 200, Describe.of(t, call.version()));
            return;
        }
        if (s.length == 3) {
            if (!method.equals("POST")) throw new ApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are GET,POST");
            Map<String, Object> input = Http.toMap(Http.jsonBody(ex));
            String id = org.inTransaction(call.changeOrigin(), tx -> tx.insert(t.name(), input));
            reply(ex, 201, saveResult(id, null));
            return;
        }
        if (s.length == 4) {
            String id = URLDecoder.decode(s[3], StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> reply(ex, 200, getRecord(call, t, id, Http.query(ex).get("fields")));
                case "PATCH" -> {
                    Map<String, Object> input = Http.toMap(Http.jsonBody(ex));
                    org.inTransaction(call.changeOrigin(), tx -> { tx.update(t.name(), id, input); return null; });
                    reply(ex, 204, null);
                }
                case "DELETE" -> {
                    org.inTransaction(call.changeOrigin(), tx -> { tx.delete(t.name(), id); return null; });
                    reply(ex, 204, null);
                }
                default -> throw new ApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are GET,PATCH,DELETE");
            }
            return;
        }
        if (s.length == 5) {
            Field extField = t.field(s[3]);
            if (extField == null) throw new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + s[3]);
            String value = URLDecoder.decode(s[4], StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> {
                    List<String> ids = findByField(t, extField, value);
                    if (ids.isEmpty()) throw ApiException.notFound();
                    if (ids.size() > 1) { reply(ex, 300, multipleChoices(call, t, ids)); return; }
                    reply(ex, 200, getRecord(call, t, ids.get(0), Http.query(ex).get("fields")));
                }
                case "PATCH" -> {
                    Map<String, Object> input = Http.toMap(Http.jsonBody(ex));
                    List<String> ids = findByField(t, extField, value);
                    if (ids.size() > 1) { reply(ex, 300, multipleChoices(call, t, ids)); return; }
                    if (ids.isEmpty()) {
                        Map<String, Object> withKey = new LinkedHashMap<>(input);
                        if (!extField.name().equals("Id")) withKey.put(extField.name(), value);
                        String id = org.inTransaction(call.changeOrigin(), tx -> tx.insert(t.name(), withKey));
                        reply(ex, 201, saveResult(id, true));
                    } else {
                        org.inTransaction(call.changeOrigin(), tx -> { tx.update(t.name(), ids.get(0), input); return null; });
                        reply(ex, 200, saveResult(ids.get(0), false));
                    }
                }
                default -> throw new ApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are GET,PATCH");
            }
            return;
        }
        throw ApiException.notFound();
    }

    private ArrayNode multipleChoices(Call call, SObjectType t, List<String> ids) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ids.forEach(id -> a.add("/services/data/v" + call.version() + "/sobjects/" + t.name() + "/" + id));
        return a;
    }

    List<String> findByField(SObjectType t, Field f, String value) {
        return emu.org().read(store -> {
            List<String> ids = new ArrayList<>();
            for (SRecord r : store.view(t.name())) {
                if (!r.deleted() && r.get(f.name()) != null
                        && SoqlQuery.equalValues(r.get(f.name()).toString(), value)) {
                    ids.add((String) r.get("Id"));
                }
            }
            return ids;
        });
    }

    ObjectNode getRecord(Call call, SObjectType t, String id, String fieldsParam) {
        List<Field> fields = fieldsParam == null || fieldsParam.isBlank() ? null : parseFields(t, fieldsParam);
        String nid = IdGenerator.normalize(id);
        Map<String, Object> r = nid == null ? null : emu.org().get(t.name(), nid).orElse(null);
        if (r == null) {
            throw nid == null ? new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id)
                    : ApiException.notFound();
        }
        if (Boolean.TRUE.equals(r.get("IsDeleted"))) throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
        return project(call.version(), t, r, fields);
    }

    static List<Field> parseFields(SObjectType t, String csv) {
        List<Field> fields = new ArrayList<>();
        for (String f : csv.split(",")) {
            Field field = t.field(f.trim());
            if (field == null) {
                throw new ApiException(400, "INVALID_FIELD", "No such column '" + f.trim() + "' on entity '" + t.name() + "'. If you are attempting to use a custom field, "
                        + "be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
            }
            fields.add(field);
        }
        return fields;
    }

    static ObjectNode saveResult(String id, Boolean created) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id);
        n.put("success", true);
        n.putArray("errors");
        if (created != null) n.put("created", created);
        return n;
    }

    void reset() {
        cursors.clear();
        bulkQuery.reset();
    }
}
