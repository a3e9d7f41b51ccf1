package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/** {@code /services/oauth2/token} (password, client_credentials, refresh_token, jwt-bearer) and {@code /services/oauth2/revoke}. Never answers 401. */
final class OAuthHandler {
    private final SalesforceEmulator emu;

    OAuthHandler(SalesforceEmulator emu) {
        this.emu = emu;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        if (path.startsWith("/services/oauth2/token") && "POST".equals(ex.getRequestMethod())) {
            emu.usage().recordOther("oauth.token");
            token(ex);
        } else if (path.startsWith("/services/oauth2/revoke")) {
            emu.usage().recordOther("oauth.revoke");
            Map<String, String> params = Http.query(ex);
            if ("POST".equals(ex.getRequestMethod())) params.putAll(Http.form(Http.body(ex)));
            String token = params.get("token");
            if (token != null && emu.tokens().revoke(token)) {
                Http.send(ex, 200, null);
            } else {
                Http.send(ex, 400, oauthError("unsupported_token_type", "this token type is not supported"));
            }
        } else {
            Http.send(ex, 404, Http.errorBody("The requested resource does not exist", "NOT_FOUND", null));
        }
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> f = Http.form(Http.body(ex));
        EmulatorConfig c = emu.config();
        String grant = f.getOrDefault("grant_type", "");
        boolean clientOk = c.clientId().equals(f.get("client_id"));
        boolean secretOk = c.clientSecret().equals(f.get("client_secret"));
        boolean ok;
        boolean withRefresh = false;
        switch (grant) {
            case "password" -> {
                ok = clientOk && secretOk && c.username().equals(f.get("username")) && c.password().equals(f.get("password"));
                withRefresh = true;
            }
            case "client_credentials" -> ok = clientOk && secretOk;
            case "refresh_token" -> ok = clientOk && (f.get("client_secret") == null || secretOk) && emu.tokens().isRefreshToken(f.get("refresh_token"));
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> ok = f.get("assertion") != null && !f.get("assertion").isBlank();
            default -> {
                Http.send(ex, 400, oauthError("unsupported_grant_type", "grant type not supported"));
                return;
            }
        }
        if (!ok) {
            Http.send(ex, 400, oauthError("invalid_grant", "authentication failure"));
            return;
        }
        String base = emu.baseUrl();
        String access = emu.tokens().issueAccessToken();
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("access_token", access);
        if (withRefresh) r.put("refresh_token", emu.tokens().issueRefreshToken());
        r.put("signature", Base64.getEncoder().encodeToString(("emulator:" + access).getBytes(StandardCharsets.UTF_8)));
        r.put("scope", "api refresh_token");
        r.put("instance_url", base);
        r.put("id", base + "/id/" + Org.ORG_ID + "/" + Org.USER_ID);
        r.put("token_type", "Bearer");
        r.put("issued_at", String.valueOf(c.clock().millis()));
        Http.send(ex, 200, r);
    }

    static ObjectNode oauthError(String error, String description) {
        return JsonNodeFactory.instance.objectNode().put("error", error).put("error_description", description);
    }
}
