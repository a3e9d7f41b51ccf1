package io.conversion.sync.ui;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbound backlog as the database holds it: contacts waiting for Salesforce (PENDING, including those a worker is
 * sending or retrying right now) and those Salesforce did not take (FAILED, waiting for "sync now"), and the same for
 * records with field updates queued ({@code outbound_update}). Read-only; one indexed query each.
 */
@Component
class OutboundBacklog {

    record Counts(long pending, long failed, Instant oldestPendingSince) {
    }

    /** Records with field changes queued for Salesforce (waiting or being sent) and records Salesforce refused. */
    record UpdateCounts(long pending, long failed) {
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

    UpdateCounts updateCounts() {
        long[] counts = {0, 0};
        jdbc.sql("""
                select status, count(*) from (select distinct status, target, target_id from outbound_update) r
                group by status""")
                .query(rs -> {
                    counts["PENDING".equals(rs.getString(1)) ? 0 : 1] += rs.getLong(2);
                });
        return new UpdateCounts(counts[0], counts[1]);
    }
}
