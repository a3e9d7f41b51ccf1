package io.conversion.sync.inbound;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.inbound.InitialImportRun.ObjectProgress;
import io.conversion.sync.inbound.InitialImportRun.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code initial_import_state}: the import's progress per object. The import thread writes the
 * state changes of an object (started, done, failed); the batch writer's thread writes each chunk's checkpoint
 * ({@link #checkpoint}) inside the transaction that applies the chunk, so progress and data never disagree.
 */
@Repository
class InitialImportStateRepository {

    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    InitialImportStateRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every object's stored progress, in import order. */
    List<Stored> all() {
        List<Stored> rows = new ArrayList<>();
        jdbc.sql("select * from initial_import_state").query((ResultSet rs) -> {
            rows.add(row(rs));
        });
        rows.sort((a, b) -> InitialImport.ORDER.indexOf(a.progress.object) - InitialImport.ORDER.indexOf(b.progress.object));
        return rows;
    }

    /** When the object's last import completed, if one ever did (kept across later runs). */
    java.util.Optional<Instant> lastCompleted(SyncedObject object) {
        return jdbc.sql("select last_completed_at from initial_import_state where object_type = :object")
                .param("object", object.sfName()).query((rs, n) -> instant(rs.getTimestamp(1))).optional()
                .filter(java.util.Objects::nonNull);
    }

    /** A new run of the object: its progress from zero, its last completion kept. */
    void begin(String runId, String startedBy, ObjectProgress p) {
        int updated = jdbc.sql("""
                update initial_import_state set run_id = :run, started_by = :by, state = :state, mode = null,
                 job_id = null, page_locator = null, page_offset = 0, total_size = null, read_count = 0, applied = 0,
                 skipped = '{}', pages = 0, started_at = null, finished_at = null, error = null
                 where object_type = :object""")
                .param("run", runId).param("by", startedBy).param("state", p.state.name())
                .param("object", p.object.sfName()).update();
        if (updated == 0) {
            jdbc.sql("insert into initial_import_state (object_type, run_id, started_by, state) "
                    + "values (:object, :run, :by, :state)")
                    .param("object", p.object.sfName()).param("run", runId).param("by", startedBy)
                    .param("state", p.state.name()).update();
        }
    }

    /** The object's state, mode, job, total and times (not the counters: the checkpoints own those). */
    void saveState(ObjectProgress p) {
        jdbc.sql("""
                update initial_import_state set state = :state, mode = :mode, job_id = :job, total_size = :total,
                 started_at = :started, finished_at = :finished, error = :error,
                 last_completed_at = case when :done then :finished else last_completed_at end
                 where object_type = :object""")
                .param("state", p.state.name()).param("mode", p.mode == null ? null : p.mode.name())
                .param("job", p.jobId).param("total", p.totalSize < 0 ? null : p.totalSize)
                .param("started", ts(p.startedAt)).param("finished", ts(p.finishedAt))
                .param("error", p.error == null ? null : truncate(p.error)).param("done", p.state == State.DONE)
                .param("object", p.object.sfName()).update();
    }

    /** Restarting the object's Bulk job (the old one is gone): the next page is the new job's first. */
    void restartJob(SyncedObject object, String jobId) {
        jdbc.sql("update initial_import_state set job_id = :job, page_locator = null, page_offset = 0 "
                + "where object_type = :object").param("job", jobId).param("object", object.sfName()).update();
    }

    /**
     * A chunk is applied: where the next chunk starts (locator of its page, records of that page already applied)
     * and the counts. Called inside the chunk's transaction.
     */
    void checkpoint(SyncedObject object, String pageLocator, long pageOffset, boolean pageDone, long read,
            Map<String, Long> outcomes) {
        Map<String, Long> skipped = new TreeMap<>(skipped(object));
        long applied = 0;
        for (Map.Entry<String, Long> o : outcomes.entrySet()) {
            if ("IMPORTED".equals(o.getKey())) {
                applied += o.getValue();
            } else {
                skipped.merge(o.getKey(), o.getValue(), Long::sum);
            }
        }
        jdbc.sql("""
                update initial_import_state set page_locator = :locator, page_offset = :offset,
                 read_count = read_count + :read, applied = applied + :applied, skipped = :skipped,
                 pages = pages + :pages where object_type = :object""")
                .param("locator", pageLocator).param("offset", pageOffset).param("read", read)
                .param("applied", applied).param("skipped", write(skipped)).param("pages", pageDone ? 1 : 0)
                .param("object", object.sfName()).update();
    }

    private Map<String, Long> skipped(SyncedObject object) {
        return jdbc.sql("select skipped from initial_import_state where object_type = :object")
                .param("object", object.sfName()).query(String.class).optional().map(this::read).orElse(Map.of());
    }

    /** A stored row: the progress as the API shows it, plus where the next chunk starts. */
    record Stored(String runId, String startedBy, ObjectProgress progress, String pageLocator, long pageOffset) {
    }

    private Stored row(ResultSet rs) throws SQLException {
        ObjectProgress p = new ObjectProgress(SyncedObject.of(rs.getString("object_type")));
        p.state = State.valueOf(rs.getString("state"));
        String mode = rs.getString("mode");
        p.mode = mode == null ? null : ObjectProgress.Mode.valueOf(mode);
        p.jobId = rs.getString("job_id");
        long total = rs.getLong("total_size");
        p.totalSize = rs.wasNull() ? -1 : total;
        p.read = rs.getLong("read_count");
        p.applied = rs.getLong("applied");
        p.skipped.putAll(read(rs.getString("skipped")));
        p.pages = rs.getLong("pages");
        p.startedAt = instant(rs.getTimestamp("started_at"));
        p.finishedAt = instant(rs.getTimestamp("finished_at"));
        p.syncedAt = instant(rs.getTimestamp("last_completed_at"));
        p.error = rs.getString("error");
        return new Stored(rs.getString("run_id"), rs.getString("started_by"), p, rs.getString("page_locator"),
                rs.getLong("page_offset"));
    }

    private Map<String, Long> read(String counts) {
        try {
            return json.readValue(counts, COUNTS);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable import counts " + counts, e);
        }
    }

    private String write(Map<String, Long> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
