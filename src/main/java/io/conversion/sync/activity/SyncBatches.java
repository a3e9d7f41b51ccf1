package io.conversion.sync.activity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code sync_batch} table: one row per batch with its counts. A batch that takes visible time (an outbound
 * batch from its claim, an import chunk or a retry from when it is queued) has its row written {@code IN_PROGRESS}
 * first ({@link #start}); its records are added by {@link ActivityLog#recordBatch} in the caller's transaction and
 * the row is closed ({@link #close}: COMPLETED or FAILED) in the transaction of the batch's last writes. A batch the
 * service stopped in is closed {@code ABANDONED} at the restart ({@link #abandon}). Read by {@code /api/batches}.
 */
@Component
public class SyncBatches {

    private static final String INSERT = """
            insert into sync_batch (started_at, finished_at, direction, kind, object_types, status, created, updated,
                deleted, skipped, failed, duration_ms)
            values (:startedAt, :finishedAt, :direction, :kind, :objects, :status, :created, :updated, :deleted,
                :skipped, :failed, :durationMs)""";
    /**
     * A later step of the same batch (outbound: contacts that failed before sending) adds its records. A batch still
     * running keeps IN_PROGRESS (and no end time) until it is closed.
     */
    private static final String ADD = """
            update sync_batch set finished_at = case when status = 'IN_PROGRESS' then finished_at else :finishedAt end,
                duration_ms = case when status = 'IN_PROGRESS' then duration_ms else :durationMs end,
                object_types = coalesce(object_types, :objects), created = created + :created,
                updated = updated + :updated, deleted = deleted + :deleted, skipped = skipped + :skipped,
                failed = failed + :failed,
                status = case when status = 'IN_PROGRESS' then status when failed + :failed > 0 then 'FAILED'
                    else status end
            where id = :id""";
    private static final String START = """
            insert into sync_batch (started_at, direction, kind, object_types, status, claim)
            values (:startedAt, :direction, :kind, :objects, 'IN_PROGRESS', :claim)""";

    private final NamedParameterJdbcTemplate named;

    SyncBatches(NamedParameterJdbcTemplate named) {
        this.named = named;
    }

    long insert(Activity.Direction direction, String kind, long startedAt, long finishedAt, BatchCounts c) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        named.update(INSERT, counts(c, finishedAt, startedAt).addValue("startedAt", new Timestamp(startedAt))
                .addValue("direction", direction.name()).addValue("kind", kind)
                .addValue("objects", c.objects().isEmpty() ? null : String.join(", ", c.objects()))
                .addValue("status", c.failed() > 0 ? "FAILED" : "COMPLETED"), key, new String[] {"id"});
        return key.getKey().longValue();
    }

    void add(long id, long startedAt, long finishedAt, BatchCounts c) {
        named.update(ADD, counts(c, finishedAt, startedAt).addValue("id", id)
                .addValue("objects", c.objects().isEmpty() ? null : String.join(", ", c.objects())));
    }

    /**
     * Writes a batch's row IN_PROGRESS before it runs (in the caller's transaction: an outbound batch's claim).
     *
     * @param claim   the outbound claim token it runs under (found again by {@link #openFor}), or null
     * @param objects its Salesforce objects when known ahead, else null (filled from its records)
     */
    public long start(Activity.Direction direction, String kind, String objects, String claim, long startedAt) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        named.update(START, new MapSqlParameterSource().addValue("startedAt", new Timestamp(startedAt))
                .addValue("direction", direction.name()).addValue("kind", kind).addValue("objects", objects)
                .addValue("claim", claim), key, new String[] {"id"});
        return key.getKey().longValue();
    }

    /** The running batch of an outbound claim, if its row was written at the claim. */
    public Long openFor(String claim) {
        if (claim == null) {
            return null;
        }
        return named.query("select id from sync_batch where claim = :claim and status = 'IN_PROGRESS'",
                new MapSqlParameterSource("claim", claim), (rs, i) -> rs.getLong(1)).stream().findFirst()
                .orElse(null);
    }

    /**
     * Ends a running batch, in the caller's transaction (that of its last writes): FAILED when a record failed,
     * else COMPLETED. A batch that wrote no record at all (its contacts all waited for another worker, outbound
     * was switched off, an import chunk found everything up to date) leaves no entry, as before it ran.
     */
    public void close(Long id, long finishedAt) {
        if (id == null) {
            return;
        }
        List<long[]> open = named.query("select started_at, created + updated + deleted + skipped + failed"
                + " from sync_batch where id = :id and status = 'IN_PROGRESS'", new MapSqlParameterSource("id", id),
                (rs, i) -> new long[] {rs.getTimestamp(1).getTime(), rs.getLong(2)});
        if (open.isEmpty()) {
            return; // closed already (or abandoned at a restart)
        }
        if (open.get(0)[1] == 0) {
            named.update("delete from sync_batch where id = :id", new MapSqlParameterSource("id", id));
            return;
        }
        named.update("update sync_batch set status = case when failed > 0 then 'FAILED' else 'COMPLETED' end,"
                + " finished_at = :finishedAt, duration_ms = :durationMs where id = :id",
                new MapSqlParameterSource("id", id).addValue("finishedAt", new Timestamp(finishedAt))
                        .addValue("durationMs", Math.max(0, finishedAt - open.get(0)[0])));
    }

    /** Outbound batches still running that started before {@code startedBefore}: id → claim token. */
    public Map<Long, String> runningOutbound(Instant startedBefore) {
        Map<Long, String> running = new LinkedHashMap<>();
        named.query("select id, claim from sync_batch where status = 'IN_PROGRESS' and direction = 'OUTBOUND'"
                + " and claim is not null and started_at < :before order by id",
                new MapSqlParameterSource("before", Timestamp.from(startedBefore)),
                rs -> {
                    running.put(rs.getLong(1), rs.getString(2));
                });
        return running;
    }

    /** Closes one running batch ABANDONED with the reason (false when it was closed meanwhile). */
    public boolean abandon(long id, long at, String note) {
        return named.update("update sync_batch set status = 'ABANDONED', finished_at = :at, note = :note"
                + " where id = :id and status = 'IN_PROGRESS'", new MapSqlParameterSource("id", id)
                .addValue("at", new Timestamp(at)).addValue("note", note)) > 0;
    }

    /**
     * The batches the service stopped in (a kill, a crash): their rows are closed ABANDONED with the reason, their
     * counts as far as they got. {@code claimPattern} selects outbound batches by claim ({@code node/%}); null
     * selects the running batches without a claim of {@code direction} (inbound: one writer per org).
     *
     * @return how many rows were closed
     */
    public int abandon(Activity.Direction direction, String claimPattern, long at, String note) {
        var p = new MapSqlParameterSource("direction", direction.name()).addValue("at", new Timestamp(at))
                .addValue("note", note);
        String which;
        if (claimPattern != null) {
            which = "claim like :pattern";
            p.addValue("pattern", claimPattern);
        } else {
            which = "claim is null";
        }
        return named.update("update sync_batch set status = 'ABANDONED', finished_at = :at, note = :note"
                + " where status = 'IN_PROGRESS' and direction = :direction and " + which, p);
    }

    /** Newest first; {@code object} matches a batch that has records of that object. */
    public List<SyncBatch> find(Activity.Direction direction, String object, String status, Instant from, Instant to,
            Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from sync_batch where 1 = 1");
        var p = new MapSqlParameterSource();
        if (direction != null) {
            sql.append(" and direction = :direction");
            p.addValue("direction", direction.name());
        }
        if (object != null) {
            sql.append(" and object_types like :object");
            p.addValue("object", "%" + object + "%");
        }
        if (status != null) {
            sql.append(" and status = :status");
            p.addValue("status", status);
        }
        if (from != null) {
            sql.append(" and started_at >= :from");
            p.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and started_at < :to");
            p.addValue("to", Timestamp.from(to));
        }
        if (beforeId != null) {
            // Keyset paging, as for the activity log: an index range scan however deep the page.
            sql.append(" and id < :beforeId");
            p.addValue("beforeId", beforeId);
        }
        sql.append(" order by id desc limit :limit");
        p.addValue("limit", limit);
        return named.query(sql.toString(), p, (rs, i) -> batch(rs));
    }

    public Optional<SyncBatch> get(long id) {
        return named.query("select * from sync_batch where id = :id", new MapSqlParameterSource("id", id),
                (rs, i) -> batch(rs)).stream().findFirst();
    }

    private static MapSqlParameterSource counts(BatchCounts c, long finishedAt, long startedAt) {
        return new MapSqlParameterSource().addValue("finishedAt", new Timestamp(finishedAt))
                .addValue("durationMs", Math.max(0, finishedAt - startedAt)).addValue("created", c.created())
                .addValue("updated", c.updated()).addValue("deleted", c.deleted()).addValue("skipped", c.skipped())
                .addValue("failed", c.failed());
    }

    private static SyncBatch batch(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new SyncBatch(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), Activity.Direction.valueOf(rs.getString("direction")),
                rs.getString("kind"), rs.getString("object_types"), rs.getString("status"), rs.getInt("created"),
                rs.getInt("updated"), rs.getInt("deleted"), rs.getInt("skipped"), rs.getInt("failed"),
                rs.getLong("duration_ms"), rs.getString("note"));
    }
}
