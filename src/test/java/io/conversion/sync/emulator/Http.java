package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers around {@link HttpExchange}. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Http() {
    }

    static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    static JsonNode jsonBody(HttpExchange ex) throws IOException {
        String b = body(ex);
        if (b.isBlank()) return JsonNodeFactory.instance.objectNode();
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new ApiException(400, "JSON_PARSER_ERROR", "Unexpected character in request body: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new ApiException(400, "JSON_PARSER_ERROR", "Expected a JSON object");
        }
        return JSON.convertValue(n, LinkedHashMap.class);
    }

    static Map<String, String> query(HttpExchange ex) {
        return form(ex.getRequestURI().getRawQuery());
    }

    static Map<String, String> form(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        if (body != null) ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        if (status == 204 || bytes.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
        ex.close();
    }

    static ArrayNode errorBody(String message, String errorCode, List<String> fields) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ObjectNode e = a.addObject();
        e.put("message", message);
        e.put("errorCode", errorCode);
        ArrayNode f = e.putArray("fields");
        if (fields != null) fields.forEach(f::add);
        return a;
    }

    static void sendError(HttpExchange ex, ApiException e) throws IOException {
        send(ex, e.status(), errorBody(e.getMessage(), e.errorCode(), e.fields()));
    }
}
