package io.conversion.sync.activity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code sync_batch} table: one row per batch with its counts. Written by {@link ActivityLog#recordBatch} in the
 * caller's transaction, so a batch and its records commit (or roll back) together; read by {@code /api/batches}.
 */
@Component
public class SyncBatches {

    private static final String INSERT = """
            insert into sync_batch (started_at, finished_at, direction, kind, object_types, status, created, updated,
                deleted, skipped, failed, duration_ms)
            values (:startedAt, :finishedAt, :direction, :kind, :objects, :status, :created, :updated, :deleted,
                :skipped, :failed, :durationMs)""";
    /** A later step of the same batch (outbound: contacts that failed before sending) adds its records. */
    private static final String ADD = """
            update sync_batch set finished_at = :finishedAt, duration_ms = :durationMs, created = created + :created,
                updated = updated + :updated, deleted = deleted + :deleted, skipped = skipped + :skipped,
                failed = failed + :failed, status = case when failed + :failed > 0 then 'FAILED' else status end
            where id = :id""";

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
        named.update(ADD, counts(c, finishedAt, startedAt).addValue("id", id));
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
        return new SyncBatch(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(), Activity.Direction.valueOf(rs.getString("direction")),
                rs.getString("kind"), rs.getString("object_types"), rs.getString("status"), rs.getInt("created"),
                rs.getInt("updated"), rs.getInt("deleted"), rs.getInt("skipped"), rs.getInt("failed"),
                rs.getLong("duration_ms"));
    }
}
