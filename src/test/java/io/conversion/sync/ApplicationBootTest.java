package io.conversion.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.yaml.snakeyaml.Yaml;

class ApplicationBootTest extends SyncTestSupport {

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcClient jdbc;

    @Test
    void every_route_in_the_routes_folder_is_loaded_with_a_description() throws IOException {
        List<String> declared = routeIdsDeclaredIn(Path.of("routes"));
        assertThat(declared).isNotEmpty();
        for (String id : declared) {
            var route = camel.getRoute(id);
            assertThat(route).as("route %s from routes/", id).isNotNull();
            assertThat(route.getDescription()).as("description of %s", id).isNotBlank();
            assertThat(id).as("route ids are kebab-case").matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
    }

    @Test
    void routes_that_need_no_external_system_are_started() throws IOException {
        for (String id : routeIdsDeclaredIn(Path.of("routes"))) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            assertThat(status).as("status of %s", id).isIn(ServiceStatus.Started, ServiceStatus.Starting);
        }
    }

    @Test
    void flyway_created_the_schema() {
        for (String table : List.of("contact", "company", "sync_settings", "sync_settings_history", "stream_position",
                "sync_activity")) {
            Long count = jdbc.sql("select count(*) from " + table).query(Long.class).single();
            assertThat(count).as(table).isNotNull();
        }
        assertThat(jdbc.sql("select count(*) from sync_settings").query(Long.class).single()).isEqualTo(1L);
    }

    @SuppressWarnings("unchecked")
    static List<String> routeIdsDeclaredIn(Path dir) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    List<Map<String, Object>> nodes = new Yaml().load(in);
                    for (Map<String, Object> node : nodes) {
                        Object route = node.get("route");
                        if (route instanceof Map<?, ?> r) {
                            ids.add((String) r.get("id"));
                        }
                        Object templated = node.get("templatedRoute");
                        if (templated instanceof Map<?, ?> t) {
                            ids.add((String) t.get("routeId"));
                        }
                    }
                }
            }
        }
        return ids;
    }
}
