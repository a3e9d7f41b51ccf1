package io.conversion.sync.activity;

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
                action, reason, message, replay_id)
            values (:at, :direction, :objectType, :sfId, :contactId, :companyId, :outcome, :action, :reason, :message,
                :replayId)""";
    private static final int MAX_MESSAGE = 4000;

    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    ActivityLog(NamedParameterJdbcTemplate named, Clock clock) {
        this.named = named;
        this.clock = clock;
    }

    public void record(Activity a) {
        named.update(INSERT, params(a, new Timestamp(clock.millis())));
    }

    public void recordAll(List<Activity> activities) {
        if (activities.isEmpty()) {
            return;
        }
        Timestamp now = new Timestamp(clock.millis());
        named.batchUpdate(INSERT, activities.stream().map(a -> params(a, now)).toArray(MapSqlParameterSource[]::new));
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
            sql.append(" and contact_id = :contactId");
            p.addValue("contactId", q.contactId());
        }
        if (q.reason() != null) {
            sql.append(" and reason = :reason");
            p.addValue("reason", q.reason());
        }
        sql.append(" order by id desc limit :limit");
        p.addValue("limit", q.limit());
        List<Activity> rows = new ArrayList<>();
        named.query(sql.toString(), p, rs -> {
            rows.add(new Activity(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                    Activity.Direction.valueOf(rs.getString("direction")), rs.getString("object_type"),
                    rs.getString("sf_id"), (Long) rs.getObject("contact_id", Long.class),
                    (Long) rs.getObject("company_id", Long.class), Activity.Outcome.valueOf(rs.getString("outcome")),
                    rs.getString("action"), rs.getString("reason"), rs.getString("message"),
                    (Long) rs.getObject("replay_id", Long.class)));
        });
        return rows;
    }

    private static MapSqlParameterSource params(Activity a, Timestamp at) {
        return new MapSqlParameterSource()
                .addValue("at", at)
                .addValue("direction", a.direction().name())
                .addValue("objectType", a.objectType())
                .addValue("sfId", a.sfId())
                .addValue("contactId", a.contactId())
                .addValue("companyId", a.companyId())
                .addValue("outcome", a.outcome().name())
                .addValue("action", a.action())
                .addValue("reason", a.reason())
                .addValue("message", truncate(a.message()))
                .addValue("replayId", a.replayId());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
