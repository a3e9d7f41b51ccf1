package io.conversion.sync.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Basic auth on the API through the verified-credentials cache: the right password in, a wrong one out, always. */
class ApiBasicAuthTest extends SyncTestSupport {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_wrong_password_is_answered_401_right_after_the_right_one_was_accepted() throws Exception {
        assertThat(get("admin", ADMIN_PASSWORD)).isEqualTo(200);
        assertThat(get("admin", ADMIN_PASSWORD)).isEqualTo(200);
        assertThat(get("admin", ADMIN_PASSWORD + "x")).isEqualTo(401);
        assertThat(get("admin", "")).isEqualTo(401);
        assertThat(get("someone", ADMIN_PASSWORD)).isEqualTo(401);
        assertThat(get("admin", ADMIN_PASSWORD)).isEqualTo(200);
    }

    private int get(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/settings/sync"))
                .header("Authorization", "Basic " + basic).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
