package io.conversion.sync.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.SyncTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Jolokia (Hawtio's backend) reads everything but changes only routes (src/main/resources/jolokia-access.xml), and a
 * cross-site request cannot ride on a browser's cached Basic credentials.
 */
class JolokiaAccessTest extends SyncTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void attributes_are_readable() throws Exception {
        JsonNode answer = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}");
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("value").path("used").asLong()).isPositive();
    }

    @Test
    void writes_and_operations_outside_route_control_are_refused() throws Exception {
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}")
                .path("status").asInt()).isEqualTo(403);
        assertThat(jolokia("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\","
                + "\"value\":true}").path("status").asInt()).isEqualTo(403);
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=camel-1,type=context,"
                + "name=\\\"camel-1\\\"\",\"operation\":\"sendBody(java.lang.String,java.lang.Object)\","
                + "\"arguments\":[\"jms:queue:conversion.contacts.created\",\"{}\"]}").path("status").asInt())
                .isEqualTo(403);
    }

    @Test
    void route_lifecycle_operations_pass_the_policy() throws Exception {
        // Camel's JMX is off in tests, so the MBean is not there (404): what matters is that the policy let it through.
        for (String operation : java.util.List.of("stop", "stop()", "start()", "suspend()", "resume()")) {
            assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=camel-1,type=routes,"
                    + "name=\\\"housekeeping-activity-retention\\\"\",\"operation\":\"" + operation + "\"}")
                    .path("status").asInt()).as(operation).isNotEqualTo(403);
        }
    }

    @Test
    void a_cross_site_post_with_cached_basic_credentials_is_refused() throws Exception {
        var response = http.send(request("{\"type\":\"version\"}").header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        var sameOrigin = http.send(request("{\"type\":\"version\"}").header("Origin", "http://localhost:" + port)
                .header("Sec-Fetch-Site", "same-origin").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
    }

    private JsonNode jolokia(String body) throws Exception {
        var response = http.send(request(body).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String body) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Authorization", basic).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
