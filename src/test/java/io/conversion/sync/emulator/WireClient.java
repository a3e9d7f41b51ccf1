package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A plain java.net.http client of the emulator for wire-level tests: no camel-salesforce in between. */
final class WireClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final SalesforceEmulator emu;
    private String token;

    /** An answer; {@code json} is null for an empty or non-JSON body. */
    record Resp(int status, String body, JsonNode json, HttpResponse<String> raw) {
        String header(String name) { return raw.headers().firstValue(name).orElse(null); }
    }

    WireClient(SalesforceEmulator emu) {
        this.emu = emu;
    }

    WireClient login() throws Exception {
        String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
                + URLEncoder.encode("integration@sandbox.example", StandardCharsets.UTF_8) + "&password=sandbox-password&format=json";
        token = send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)))
                .json().get("access_token").asText();
        return this;
    }

    String token() { return token; }

    static Resp send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!r.body().isEmpty() && type.startsWith("application/json")) json = JSON.readTree(r.body());
        return new Resp(r.statusCode(), r.body(), json, r);
    }

    /** A REST call under /services/data/v56.0 with the session token. */
    Resp rest(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/data/v56.0" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    Resp query(String resource, String soql) throws Exception {
        return rest("GET", "/" + resource + "/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }

    /** The emulator's control API under /emulator. */
    Resp control(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/emulator" + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }
}
