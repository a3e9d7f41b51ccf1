package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.conversion.sync.emulator.SObjectType.Field;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bulk API 2.0 query jobs under {@code /jobs/query}: create (query | queryAll), job info with the state moving
 * UploadComplete → InProgress → JobComplete as the client polls ({@link EmulatorConfig#bulkQueryInProgressPolls}),
 * abort, delete, list, and results as Salesforce's CSV, page by page with {@code Sforce-Locator} ("null" on the last
 * page) and {@code Sforce-NumberOfRecords}. The result is the query's records at job creation (stored records are never
 * changed in place); a page is written record by record, never built in memory. Errors are Bulk's
 * {@code [{"errorCode","message"}]}.
 */
final class BulkQueryHandler {
    private static final Map<String, String> DELIMITERS = Map.of("COMMA", ",", "TAB", "\t", "PIPE", "|", "SEMICOLON", ";",
            "CARET", "^", "BACKQUOTE", "`");
    private final SalesforceEmulator emu;
    private final RestHandler rest;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final IdGenerator ids = new IdGenerator();

    BulkQueryHandler(SalesforceEmulator emu, RestHandler rest) {
        this.emu = emu;
        this.rest = rest;
    }

    /** One query job. Guarded by the handler's lock. */
    private static final class Job {
        final String id, operation, object, query, apiVersion, columnDelimiter, lineEnding;
        final Instant created;
        final SObjectType type;
        final List<Field> fields;
        final List<Map<String, Object>> rows;
        final String failure;
        String state = "UploadComplete";
        int polls;
        Instant modstamp;

        Job(String id, String operation, SoqlQuery q, String query, String apiVersion, String columnDelimiter, String lineEnding,
            Instant created, List<Map<String, Object>> rows, String failure) {
            this.id = id;
            this.operation = operation;
            this.object = q.type.name();
            this.type = q.type;
            this.fields = q.fields;
            this.query = query;
            this.apiVersion = apiVersion;
            this.columnDelimiter = columnDelimiter;
            this.lineEnding = lineEnding;
            this.created = created;
            this.modstamp = created;
            this.rows = rows;
            this.failure = failure;
        }

        boolean finished() { return state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted"); }
    }

    static String operation(String method, String[] s) {
        if (s.length == 3) return method.equals("POST") ? "bulk2.query.create" : "bulk2.query.list";
        if (s.length == 4) {
            return switch (method) {
                case "PATCH" -> "bulk2.query.abort";
                case "DELETE" -> "bulk2.query.delete";
                default -> "bulk2.query.get";
            };
        }
        return "bulk2.query.results";
    }

    /** {@code s} = path split on "/": "", "jobs", "query", [id, ["results"]]. */
    void handle(HttpExchange ex, RestHandler.Call call, String method, String[] s) throws IOException {
        try {
            if (s.length < 3 || !s[2].equals("query")) throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
            if (s.length == 3 && method.equals("POST")) {
                rest.reply(ex, 200, create(call, Http.jsonBody(ex)));
            } else if (s.length == 3 && method.equals("GET")) {
                rest.reply(ex, 200, list());
            } else if (s.length == 4 && method.equals("GET")) {
                rest.reply(ex, 200, info(s[3]));
            } else if (s.length == 4 && method.equals("PATCH")) {
                rest.reply(ex, 200, abort(s[3], Http.jsonBody(ex)));
            } else if (s.length == 4 && method.equals("DELETE")) {
                delete(s[3]);
                rest.reply(ex, 204, null);
            } else if (s.length == 5 && s[4].equals("results") && method.equals("GET")) {
                results(ex, s[3]);
            } else {
                throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
            }
        } catch (ApiException e) {
            rest.reply(ex, e.status(), error(e.errorCode(), e.getMessage()));
        }
    }

    static ArrayNode error(String errorCode, String message) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        a.addObject().put("errorCode", errorCode).put("message", message);
        return a;
    }

    private ObjectNode create(RestHandler.Call call, JsonNode body) {
        String operation = body.path("operation").asText("");
        if (!operation.equals("query") && !operation.equals("queryAll")) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid operation: '" + operation + "'. Use query or queryAll");
        }
        String query = body.path("query").asText("");
        if (query.isBlank()) throw new ApiException(400, "INVALIDJOB", "InvalidJob : a query is required");
        String contentType = body.path("contentType").asText("CSV");
        if (!contentType.equals("CSV")) throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid contentType: " + contentType);
        String delimiter = body.path("columnDelimiter").asText("COMMA");
        if (!DELIMITERS.containsKey(delimiter)) throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid columnDelimiter: " + delimiter);
        String lineEnding = body.path("lineEnding").asText("LF");
        if (!lineEnding.equals("LF") && !lineEnding.equals("CRLF")) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid lineEnding: " + lineEnding);
        }
        SoqlQuery q = SoqlQuery.parse(query, emu.org()::type, emu.config().clock());
        if (q.count || q.offset != null) {
            throw new ApiException(400, "API_ERROR", "Bulk API 2.0 query does not support " + (q.count ? "COUNT()" : "OFFSET"));
        }
        List<Map<String, Object>> rows = q.apply(rest.snapshot(q.type, operation.equals("queryAll")));
        String failure = emu.faults().nextBulkQueryFailure();
        Instant now = SfDates.now(emu.config().clock());
        synchronized (this) {
            Job job = new Job(ids.next("750"), operation, q, query, call.version(), delimiter, lineEnding, now, rows, failure);
            jobs.put(job.id, job);
            return json(job, false);
        }
    }

    private synchronized Job job(String id) {
        Job j = jobs.get(IdGenerator.normalize(id) == null ? id : IdGenerator.normalize(id));
        if (j == null) throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        return j;
    }

    private synchronized ObjectNode info(String id) {
        Job j = job(id);
        if (!j.finished()) {
            j.polls++;
            String next = j.polls <= emu.config().bulkQueryInProgressPolls() ? "InProgress" : j.failure != null ? "Failed" : "JobComplete";
            if (!next.equals(j.state)) j.modstamp = SfDates.now(emu.config().clock());
            j.state = next;
        }
        return json(j, true);
    }

    private synchronized ArrayNode listRecords() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        jobs.values().forEach(j -> a.add(json(j, true)));
        return a;
    }

    private ObjectNode list() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("done", true);
        n.set("records", listRecords());
        n.putNull("nextRecordsUrl");
        return n;
    }

    private synchronized ObjectNode abort(String id, JsonNode body) {
        Job j = job(id);
        String state = body.path("state").asText("");
        if (!state.equals("Aborted")) throw new ApiException(400, "INVALIDJOBSTATE", "Invalid state: '" + state + "'. A query job can only be Aborted");
        if (j.finished()) throw new ApiException(400, "INVALIDJOBSTATE", "Aborting already Completed Job not allowed");
        j.state = "Aborted";
        j.modstamp = SfDates.now(emu.config().clock());
        return json(j, false);
    }

    private synchronized void delete(String id) {
        Job j = job(id);
        if (!j.finished() && !j.state.equals("UploadComplete")) {
            throw new ApiException(400, "INVALIDJOBSTATE", "Deleting a job in state " + j.state + " is not allowed; abort it first");
        }
        jobs.remove(j.id);
    }

    private ObjectNode json(Job j, boolean full) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", j.id);
        n.put("operation", j.operation);
        n.put("object", j.object);
        n.put("createdById", Org.USER_ID);
        n.put("createdDate", SfDates.rest(j.created));
        n.put("systemModstamp", SfDates.rest(j.modstamp));
        n.put("state", j.state);
        n.put("concurrencyMode", "Parallel");
        n.put("contentType", "CSV");
        n.put("apiVersion", new BigDecimal(j.apiVersion));
        n.put("lineEnding", j.lineEnding);
        n.put("columnDelimiter", j.columnDelimiter);
        if (full) {
            n.put("jobType", "V2Query");
            n.put("numberRecordsProcessed", j.state.equals("JobComplete") ? j.rows.size() : 0);
            n.put("retries", 0);
            n.put("totalProcessingTime", j.state.equals("JobComplete") ? Math.max(1, j.rows.size() / 1000) : 0);
            n.put("isPkChunkingSupported", true);
            if (j.state.equals("Failed")) n.put("errorMessage", j.failure);
        }
        return n;
    }

    private void results(HttpExchange ex, String id) throws IOException {
        Job j;
        synchronized (this) {
            j = job(id);
            if (!j.state.equals("JobComplete")) {
                throw new ApiException(400, "INVALIDJOBSTATE", "Query job " + j.id + " is in state " + j.state + "; results are available once it is JobComplete");
            }
        }
        Map<String, String> params = Http.query(ex);
        int from = decodeLocator(params.get("locator"), j.rows.size());
        int max = emu.config().bulkQueryDefaultMaxRecords();
        String m = params.get("maxRecords");
        if (m != null && !m.isEmpty()) {
            try {
                max = Integer.parseInt(m);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max <= 0) throw new ApiException(400, "INVALIDMAXRECORDS", "maxRecords must be a positive integer: " + m);
        }
        int to = (int) Math.min(j.rows.size(), (long) from + max);
        ex.getResponseHeaders().set("Content-Type", "text/csv");
        ex.getResponseHeaders().set("Sforce-NumberOfRecords", String.valueOf(to - from));
        ex.getResponseHeaders().set("Sforce-Locator", to < j.rows.size() ? encodeLocator(to) : "null");
        ex.sendResponseHeaders(200, 0); // chunked: the page is written row by row
        String d = DELIMITERS.get(j.columnDelimiter);
        String eol = j.lineEnding.equals("CRLF") ? "\r\n" : "\n";
        List<Field> fields = j.fields;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) w.write(d);
                quoted(w, fields.get(i).name());
            }
            w.write(eol);
            for (int r = from; r < to; r++) {
                Map<String, Object> row = j.rows.get(r);
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) w.write(d);
                    quoted(w, csvValue(row.get(fields.get(i).name())));
                }
                w.write(eol);
            }
        } finally {
            ex.close();
        }
    }

    /** Salesforce's Bulk CSV values: null empty, booleans true/false, date-times {@code 2026-11-28T14:40:00.000Z}, plain numbers. */
    static String csvValue(Object v) {
        if (v == null) return "";
        if (v instanceof Instant i) return SfDates.event(i);
        if (v instanceof LocalDate d) return d.toString();
        if (v instanceof BigDecimal n) return n.toPlainString();
        return v.toString();
    }

    private static void quoted(Writer w, String s) throws IOException {
        w.write('"');
        w.write(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\""));
        w.write('"');
    }

    /** Locators are opaque to clients; here the base64 of the next row's offset (Salesforce's look alike: "MTAwMDA"). */
    static String encodeLocator(int offset) {
        return Base64.getEncoder().withoutPadding().encodeToString(String.valueOf(offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static int decodeLocator(String locator, int size) {
        if (locator == null || locator.isEmpty()) return 0;
        try {
            int offset = Integer.parseInt(new String(Base64.getDecoder().decode(locator), StandardCharsets.US_ASCII));
            if (offset >= 0 && offset <= size) return offset;
        } catch (IllegalArgumentException e) {
            // fall through: not one of ours
        }
        throw new ApiException(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
    }

    synchronized void reset() {
        jobs.clear();
    }
}
