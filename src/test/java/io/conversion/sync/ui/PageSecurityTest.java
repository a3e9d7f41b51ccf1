package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Sessions and CSRF for people, Basic without CSRF for machines: the two ways in, over plain HTTP. */
class PageSecurityTest extends SyncTestSupport {

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    private CookieManager cookies;
    private HttpClient http;

    @BeforeEach
    void freshClient() {
        cookies = new CookieManager();
        http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void a_logged_in_post_without_the_csrf_token_is_refused_and_with_it_accepted() throws Exception {
        logIn();
        var noToken = send(post("/api/sync/initial-import")
                .header("X-Requested-With", "XMLHttpRequest").build());
        assertThat(noToken.statusCode()).isEqualTo(403);
        var wrongToken = send(post("/api/contacts/1/sync").header("X-XSRF-TOKEN", "forged").build());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        var logoutWithoutToken = send(post("/logout").build());
        assertThat(logoutWithoutToken.statusCode()).isEqualTo(403);

        var withToken = send(HttpRequest.newBuilder(uri("/api/settings/sync")).header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(withToken.statusCode()).as("past CSRF, refused by validation").isEqualTo(400);
        assertThat(withToken.body()).contains("Invalid sync settings");
    }

    @Test
    void machines_keep_basic_without_csrf_and_without_a_session() throws Exception {
        assertThat(send(get("/api/settings/sync").build()).statusCode()).isEqualTo(401);
        assertThat(send(post("/api/contacts").header("Content-Type", "application/json").build()).statusCode())
                .isEqualTo(401);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        var put = send(HttpRequest.newBuilder(uri("/api/settings/sync")).header("Authorization", basic)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(put.statusCode()).as("no CSRF token needed with Basic").isEqualTo(400);
        assertThat(put.headers().allValues("Set-Cookie")).as("stateless").isEmpty();
        assertThat(send(get("/actuator/prometheus").build()).statusCode()).as("scrapers authenticate").isEqualTo(401);
        assertThat(send(get("/actuator/prometheus").header("Authorization", basic).build()).statusCode())
                .isEqualTo(200);
        // Open (not 401 or a login redirect); 503 is its answer while a component, e.g. salesforce, is DOWN.
        assertThat(send(get("/actuator/health").build()).statusCode()).isIn(200, 503);
    }

    @Test
    void browsers_are_sent_to_the_login_page_and_a_wrong_password_is_refused() throws Exception {
        var page = send(get("/dashboard").header("Accept", "text/html").build());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        String token = formToken();
        var wrong = send(form("/login", "username=admin&password=nope&_csrf=" + enc(token)));
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        var noToken = send(form("/login", "username=admin&password=" + enc(ADMIN_PASSWORD)));
        assertThat(noToken.statusCode()).isEqualTo(403);
    }

    private void logIn() throws Exception {
        var ok = send(form("/login", "username=admin&password=" + enc(ADMIN_PASSWORD) + "&_csrf=" + enc(formToken())));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        assertThat(send(get("/settings/syncing").build()).statusCode()).isEqualTo(200);
    }

    private String formToken() throws Exception {
        Matcher m = FORM_TOKEN.matcher(send(get("/login").build()).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow().getValue();
    }

    private HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
