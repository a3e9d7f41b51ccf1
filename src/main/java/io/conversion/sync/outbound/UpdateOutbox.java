package io.conversion.sync.outbound;

import io.conversion.sync.salesforce.SyncedObject.Target;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of outbound updates (table {@code outbound_update}), its only writer: field changes queued for
 * Salesforce, coalesced per record and field, claimed by the batch worker, deleted once sent, or FAILED with the
 * reason Salesforce refused it for. A PENDING change may carry the reason it waits ({@code error}: Salesforce
 * unavailable, the API allowance). Claims work like those of the create outbox ({@link ContactOutbox}). All SQL binds
 * its values.
 */
@Repository
public class UpdateOutbox {

    /** One queued field change. */
    public record QueuedChange(Target target, long targetId, String conversionField, String value, long changedAt,
            long version) {
    }

    /** How many records wait, and when the oldest and newest of them were queued. */
    public record Backlog(long records, Instant oldest, Instant newest) {
    }

    private static final String CLAIMABLE = "status = 'PENDING' and (claim is null or claimed_at < :expiry)";

    private final JdbcClient jdbc;
    private final Clock clock;

    UpdateOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues a field change: the latest change of a field wins (an older {@code changedAt} than the one queued is
     * ignored). A row being sent keeps its claim; its new version makes the sender leave it queued. Runs in the
     * caller's transaction; no dialect-specific upsert (update, else insert, else a racing insert won: update).
     */
    public void queue(Target target, long targetId, String conversionField, String value, long changedAt) {
        if (update(target, targetId, conversionField, value, changedAt) > 0) {
            return;
        }
        try {
            jdbc.sql("""
                    insert into outbound_update (target, target_id, conversion_field, field_value, changed_at, version,
                        queued_at, status)
                    values (:target, :id, :field, :value, :changedAt, 1, :now, 'PENDING')""")
                    .param("target", target.name()).param("id", targetId).param("field", conversionField)
                    .param("value", value).param("changedAt", changedAt).param("now", now()).update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            update(target, targetId, conversionField, value, changedAt);
        }
    }

    private int update(Target target, long targetId, String conversionField, String value, long changedAt) {
        int rows = jdbc.sql("""
                update outbound_update set field_value = :value, changed_at = :changedAt, version = version + 1,
                    status = 'PENDING', error = null,
                    queued_at = case when status = 'PENDING' then queued_at else :now end
                where target = :target and target_id = :id and conversion_field = :field and changed_at <= :changedAt""")
                .param("target", target.name()).param("id", targetId).param("field", conversionField)
                .param("value", value).param("changedAt", changedAt).param("now", now()).update();
        if (rows > 0) {
            return rows;
        }
        // A newer change of the field is queued already: this older one changes nothing (but the row exists).
        return jdbc.sql("select count(*) from outbound_update where target = :target and target_id = :id "
                        + "and conversion_field = :field")
                .param("target", target.name()).param("id", targetId).param("field", conversionField)
                .query(Integer.class).single();
    }

    public Backlog backlog(Instant claimExpiry) {
        return jdbc.sql("select count(*), min(q), max(q) from (select min(queued_at) q from outbound_update where "
                        + CLAIMABLE + " group by target, target_id) r")
                .param("expiry", Timestamp.from(claimExpiry))
                .query((rs, n) -> new Backlog(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))))
                .single();
    }

    /** Claims the queued changes of up to {@code limit} records (oldest first); returns how many records. */
    public int claim(String token, int limit, Instant claimExpiry) {
        Timestamp expiry = Timestamp.from(claimExpiry);
        Map<String, List<Long>> byTarget = jdbc.sql("select target, target_id from outbound_update where " + CLAIMABLE
                        + " group by target, target_id order by min(queued_at), target_id limit :limit")
                .param("expiry", expiry).param("limit", limit)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        int claimed = 0;
        for (var e : byTarget.entrySet()) {
            // The guard is repeated: of two workers that selected the same rows, only one claims each.
            jdbc.sql("update outbound_update set claim = :token, claimed_at = :now where target = :target "
                            + "and target_id in (:ids) and " + CLAIMABLE)
                    .param("token", token).param("now", now()).param("target", e.getKey())
                    .param("ids", e.getValue()).param("expiry", expiry).update();
            claimed += e.getValue().size();
        }
        return claimed;
    }

    /** Gives back every claim whose token matches (a node's claims from before its restart); returns how many. */
    public int releaseClaimsLike(String tokenPattern) {
        return jdbc.sql("update outbound_update set claim = null, claimed_at = null where claim like :pattern")
                .param("pattern", tokenPattern).update();
    }

    /** Whether a claim still holds a queued change within its lease. */
    public boolean holds(String token, Instant claimExpiry) {
        return jdbc.sql("select count(*) from outbound_update where claim = :token and claimed_at >= :expiry")
                .param("token", token).param("expiry", Timestamp.from(claimExpiry)).query(Long.class).single() > 0;
    }

    public List<QueuedChange> claimed(String token) {
        return jdbc.sql("select * from outbound_update where claim = :token and status = 'PENDING' "
                        + "order by target, target_id, conversion_field")
                .param("token", token)
                .query((rs, n) -> new QueuedChange(Target.valueOf(rs.getString("target")), rs.getLong("target_id"),
                        rs.getString("conversion_field"), rs.getString("field_value"), rs.getLong("changed_at"),
                        rs.getLong("version")))
                .list();
    }

    /** Salesforce took this change: gone from the outbox, unless a newer change of the field arrived meanwhile. */
    public void sent(QueuedChange c) {
        jdbc.sql("delete from outbound_update where target = :target and target_id = :id and conversion_field = :field "
                        + "and version = :version")
                .param("target", c.target().name()).param("id", c.targetId()).param("field", c.conversionField())
                .param("version", c.version()).update();
    }

    /** A change that cannot be sent (its mapping is gone, the record is not linked): dropped. */
    public void drop(QueuedChange c) {
        sent(c);
    }

    /** Salesforce refused the record: its changes of this claim are FAILED with the reason (retriable). */
    public void failed(Target target, long targetId, String token, String error) {
        jdbc.sql("update outbound_update set status = 'FAILED', error = :error, claim = null, claimed_at = null "
                        + "where target = :target and target_id = :id and claim = :token")
                .param("target", target.name()).param("id", targetId).param("token", token)
                .param("error", truncate(error)).update();
    }

    /** Every change of a claim still waiting: FAILED with the reason (retries exhausted); returns the records. */
    public List<Map.Entry<Target, Long>> failClaim(String token, String error) {
        List<Map.Entry<Target, Long>> records = new ArrayList<>(claimed(token).stream()
                .map(c -> Map.entry(c.target(), c.targetId())).distinct().toList());
        jdbc.sql("update outbound_update set status = 'FAILED', error = :error, claim = null, claimed_at = null "
                        + "where claim = :token and status = 'PENDING'")
                .param("token", token).param("error", truncate(error)).update();
        return records;
    }

    /**
     * Gives a claim back to the outbox with the reason its changes wait (Salesforce unavailable, the API allowance):
     * they stay PENDING, the reason shown as their {@code error} until they are sent; returns the records.
     */
    public List<Map.Entry<Target, Long>> waitClaim(String token, String reason) {
        List<Map.Entry<Target, Long>> records = new ArrayList<>(claimed(token).stream()
                .map(c -> Map.entry(c.target(), c.targetId())).distinct().toList());
        jdbc.sql("update outbound_update set error = :reason, claim = null, claimed_at = null "
                        + "where claim = :token and status = 'PENDING'")
                .param("token", token).param("reason", truncate(reason)).update();
        return records;
    }

    /**
     * Salesforce is unavailable: the queued changes no batch holds show why they wait ({@code error}); only the rows
     * that do not show it yet are written.
     */
    public int showWaiting(String reason, Instant claimExpiry) {
        String r = truncate(reason);
        return jdbc.sql("update outbound_update set error = :reason where " + CLAIMABLE
                        + " and (error is null or error <> :reason)")
                .param("reason", r).param("expiry", Timestamp.from(claimExpiry)).update();
    }

    /** Gives a claim back to the outbox untouched (outbound was switched off, or changes left after a send). */
    public void release(String token) {
        jdbc.sql("update outbound_update set claim = null, claimed_at = null where claim = :token")
                .param("token", token).update();
    }

    /** Queues a record's FAILED changes again; returns how many. */
    public int retry(Target target, long targetId) {
        return jdbc.sql("update outbound_update set status = 'PENDING', error = null, queued_at = :now "
                        + "where target = :target and target_id = :id and status = 'FAILED'")
                .param("target", target.name()).param("id", targetId).param("now", now()).update();
    }

    /** The changes of a record waiting or failed, for the API. */
    public List<Map<String, Object>> of(Target target, long targetId) {
        return jdbc.sql("select conversion_field, field_value, changed_at, status, error from outbound_update "
                        + "where target = :target and target_id = :id order by conversion_field")
                .param("target", target.name()).param("id", targetId)
                .query((rs, n) -> {
                    Map<String, Object> v = new java.util.LinkedHashMap<>();
                    v.put("field", rs.getString(1));
                    v.put("value", rs.getString(2));
                    v.put("changedAt", Instant.ofEpochMilli(rs.getLong(3)).toString());
                    v.put("status", rs.getString(4));
                    v.put("error", rs.getString(5));
                    return v;
                }).list();
    }

    private Timestamp now() {
        return new Timestamp(clock.millis());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }
}
