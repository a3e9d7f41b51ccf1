package io.conversion.sync.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Which databases the start-up check warns about, and that the default one needs no warning. */
class DatabaseDurabilityTest {

    @Test
    void an_h2_file_database_with_a_write_delay_is_named_with_the_fix() {
        assertThat(DatabaseDurability.problem("jdbc:h2:file:./data/sync", 500, false)).hasValueSatisfying(
                m -> assertThat(m).contains("500 ms").contains("WRITE_DELAY=0"));
    }

    @Test
    void an_h2_file_database_writing_every_commit_at_once_is_fine() {
        assertThat(DatabaseDurability.problem("jdbc:h2:file:./data/sync;WRITE_DELAY=0", 0, false)).isEmpty();
    }

    @Test
    void an_in_memory_database_is_named_outside_the_sandbox_only() {
        assertThat(DatabaseDurability.problem("jdbc:h2:mem:x", 0, false)).hasValueSatisfying(
                m -> assertThat(m).contains("in memory"));
        assertThat(DatabaseDurability.problem("jdbc:h2:mem:sandbox", 0, true)).isEmpty();
    }

    @Test
    void postgresql_is_not_second_guessed() {
        assertThat(DatabaseDurability.problem("jdbc:postgresql://db:5432/sync", null, false)).isEmpty();
    }

    @Test
    void the_default_database_url_writes_every_commit_before_it_is_acknowledged(@TempDir Path dir) throws Exception {
        String url = defaultUrl().replace("./data/sync", dir.resolve("sync").toString());
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            int delay = Integer.parseInt(rs.getString(1));
            assertThat(delay).isZero();
            assertThat(DatabaseDurability.problem(c.getMetaData().getURL(), delay, false)).isEmpty();
        }
    }

    /** spring.datasource.url's default in application.yaml: "${SYNC_DB_URL:<default>}". */
    @SuppressWarnings("unchecked")
    private static String defaultUrl() throws Exception {
        Object first = new Yaml().loadAll(Files.readString(Path.of("application.yaml"))).iterator().next();
        Map<String, Object> spring = (Map<String, Object>) ((Map<String, Object>) first).get("spring");
        String url = (String) ((Map<String, Object>) spring.get("datasource")).get("url");
        assertThat(url).startsWith("${SYNC_DB_URL:");
        return url.substring("${SYNC_DB_URL:".length(), url.length() - 1);
    }
}
