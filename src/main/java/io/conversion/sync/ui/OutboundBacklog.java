package io.conversion.sync.ui;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbound backlog as the database holds it: contacts waiting for Salesforce (PENDING, including those a worker is
 * sending or retrying right now) and those Salesforce did not take (FAILED, waiting for "sync now"). Read-only; one
 * indexed query (contact_sync_status_idx).
 */
@Component
class OutboundBacklog {

    record Counts(long pending, long failed, Instant oldestPendingSince) {
    }

    private final JdbcClient jdbc;

    OutboundBacklog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Counts counts() {
        long[] pending = {0};
        long[] failed = {0};
        Instant[] oldest = {null};
        jdbc.sql("""
                select sync_status, count(*), min(pending_since) from contact
                where sync_status in ('PENDING', 'FAILED') group by sync_status""")
                .query(rs -> {
                    if ("PENDING".equals(rs.getString(1))) {
                        pending[0] = rs.getLong(2);
                        Timestamp t = rs.getTimestamp(3);
                        oldest[0] = t == null ? null : t.toInstant();
                    } else {
                        failed[0] = rs.getLong(2);
                    }
                });
        return new Counts(pending[0], failed[0], oldest[0]);
    }
}
