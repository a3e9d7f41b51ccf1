package io.conversion.sync.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ActivityRetentionTest extends SyncTestSupport {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcClient jdbc;

    @Test
    void purge_deletes_only_entries_older_than_the_retention() {
        insert("old-entry", Instant.now().minus(Duration.ofDays(31)));
        insert("recent-entry", Instant.now().minus(Duration.ofDays(29)));

        producer.sendBody("direct:purge-activity", null);

        assertThat(messages()).contains("recent-entry").doesNotContain("old-entry");
    }

    private java.util.List<String> messages() {
        return jdbc.sql("select message from sync_activity where reason = 'RETENTION_TEST'").query(String.class)
                .list();
    }

    private void insert(String message, Instant at) {
        jdbc.sql("insert into sync_activity (occurred_at, direction, outcome, reason, message) "
                + "values (:at, 'INBOUND', 'SKIPPED', 'RETENTION_TEST', :message)")
                .param("at", Timestamp.from(at)).param("message", message).update();
    }
}
