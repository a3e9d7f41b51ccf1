package io.conversion.sync.activity;

import io.conversion.sync.database.BatchRows;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sync activity log. Writes join the caller's transaction, so a decision is logged exactly when the
 * change it describes commits.
 */
@Component
public class ActivityLog {

    private static final String INSERT = """
            insert into sync_activity (occurred_at, direction, object_type, sf_id, contact_id, company_id, outcome,
                action, reason, message, replay_id, batch_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final int MAX_MESSAGE = 4000;

    private final NamedParameterJdbcTemplate named;
    private final Clock clock;
    private final SyncRecordsMetrics metrics;
    private final SyncBatches batches;

    ActivityLog(NamedParameterJdbcTemplate named, Clock clock, SyncRecordsMetrics metrics, SyncBatches batches) {
        this.named = named;
        this.clock = clock;
        this.metrics = metrics;
        this.batches = batches;
    }

    public void record(Activity a) {
        insert(List.of(a), null);
    }

    public void recordAll(List<Activity> activities) {
        insert(activities, null);
    }

    /**
     * The rows of one batch, with its {@code sync_batch} entry (counts, duration since {@code startedAt}), in the
     * caller's transaction. With {@code batchId} the rows join that batch and add to its counts.
     *
     * @return the batch's id, null when there were no rows (no entry for an empty batch)
     */
    public Long recordBatch(Activity.Direction direction, String kind, Long batchId, long startedAt,
            List<Activity> activities) {
        if (activities.isEmpty()) {
            return batchId;
        }
        long now = clock.millis();
        BatchCounts counts = BatchCounts.of(activities);
        long id;
        if (batchId == null) {
            id = batches.insert(direction, kind, startedAt, now, counts);
        } else {
            id = batchId;
            batches.add(id, startedAt, now, counts);
        }
        insert(activities, id);
        metrics.batchRecorded(direction, kind, activities.size());
        return id;
    }

    private void insert(List<Activity> activities, Long batchId) {
        if (activities.isEmpty()) {
            return;
        }
        Timestamp now = new Timestamp(clock.millis());
        BatchRows.write(named.getJdbcOperations(), INSERT, activities, (a, row) -> row.timestamp(now)
                .text(a.direction().name()).text(a.objectType()).text(a.sfId()).bigint(a.contactId())
                .bigint(a.companyId()).text(a.outcome().name()).text(a.action()).text(a.reason())
                .text(truncate(a.message())).bigint(a.replayId()).bigint(batchId));
        metrics.recorded(List.copyOf(activities));
    }

    /** A batch's records, in the order they were written. */
    public List<Activity> ofBatch(long batchId, int limit) {
        List<Activity> rows = new ArrayList<>();
        named.query("select * from sync_activity where batch_id = :id order by id limit :limit",
                new MapSqlParameterSource("id", batchId).addValue("limit", limit), rs -> {
                    rows.add(activity(rs));
                });
        return rows;
    }

    /** Newest first, optionally filtered. */
    public List<Activity> find(ActivityQuery q) {
        StringBuilder sql = new StringBuilder("select * from sync_activity where 1 = 1");
        var p = new MapSqlParameterSource();
        if (q.direction() != null) {
            sql.append(" and direction = :direction");
            p.addValue("direction", q.direction().name());
        }
        if (q.outcome() != null) {
            sql.append(" and outcome = :outcome");
            p.addValue("outcome", q.outcome().name());
        }
        if (q.sfId() != null) {
            sql.append(" and sf_id = :sfId");
            p.addValue("sfId", q.sfId());
        }
        if (q.contactId() != null) {
            // A contact's history includes that of the contacts merged into it (a Salesforce merge folded them).
            sql.append(" and (contact_id = :contactId"
                    + " or contact_id in (select id from contact where merged_into_id = :contactId))");
            p.addValue("contactId", q.contactId());
        }
        if (q.reason() != null) {
            sql.append(" and reason = :reason");
            p.addValue("reason", q.reason());
        }
        if (q.objectType() != null) {
            sql.append(" and object_type = :objectType");
            p.addValue("objectType", q.objectType());
        }
        if (q.from() != null) {
            sql.append(" and occurred_at >= :from");
            p.addValue("from", Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and occurred_at < :to");
            p.addValue("to", Timestamp.from(q.to()));
        }
        if (q.beforeId() != null) {
            // Keyset paging: the next page starts below the last id shown, as fast on page 1,000 as on page 1.
            sql.append(" and id < :beforeId");
            p.addValue("beforeId", q.beforeId());
        }
        sql.append(" order by id desc limit :limit");
        p.addValue("limit", q.limit());
        List<Activity> rows = new ArrayList<>();
        named.query(sql.toString(), p, rs -> {
            rows.add(activity(rs));
        });
        return rows;
    }

    private static Activity activity(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Activity(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                    Activity.Direction.valueOf(rs.getString("direction")), rs.getString("object_type"),
                    rs.getString("sf_id"), (Long) rs.getObject("contact_id", Long.class),
                    (Long) rs.getObject("company_id", Long.class), Activity.Outcome.valueOf(rs.getString("outcome")),
                    rs.getString("action"), rs.getString("reason"), rs.getString("message"),
                    (Long) rs.getObject("replay_id", Long.class), (Long) rs.getObject("batch_id", Long.class));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
