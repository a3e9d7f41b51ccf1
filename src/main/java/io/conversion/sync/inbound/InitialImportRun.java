package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/** One run of the {@link InitialImport} and its progress per object (stored in {@code initial_import_state}), as {@code GET /api/sync/initial-import} shows. */
public final class InitialImportRun {

    public enum State {
        PENDING, RUNNING, DONE, FAILED, SKIPPED
    }


    /** Progress of one object. Mutated by the import thread only; read by the API. */
    public static final class ObjectProgress {

        /** How the object is read: a Bulk API 2.0 query job, or SOQL query paging (fewer records). */
        public enum Mode {
            BULK, REST
        }

        public final SyncedObject object;
        public volatile Mode mode;
        public volatile String jobId;
        /** When this object's last import completed, kept across runs ("Synced at"). */
        public volatile Instant syncedAt;
        public volatile State state = State.PENDING;
        public volatile long totalSize = -1;
        public volatile long read;
        public volatile long applied;
        public volatile long pages;
        public final Map<String, Long> skipped = new ConcurrentSkipListMap<>();
        public volatile Instant startedAt;
        public volatile Instant finishedAt;
        public volatile String error;
        /** Why the import of this object waits right now (the daily API allowance), or null. */
        public volatile String waitingFor;

        ObjectProgress(SyncedObject object) {
            this.object = object;
        }

        Map<String, Object> toJson() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("object", object.sfName());
            v.put("state", state);
            v.put("totalSize", totalSize < 0 ? null : totalSize);
            v.put("read", read);
            v.put("applied", applied);
            v.put("skipped", Map.copyOf(skipped));
            v.put("pages", pages);
            v.put("startedAt", startedAt);
            v.put("finishedAt", finishedAt);
            v.put("error", error);
            v.put("waitingFor", waitingFor);
            v.put("mode", mode);
            v.put("jobId", jobId);
            v.put("syncedAt", syncedAt);
            return v;
        }
    }

    public final String id;
    public final String startedBy;
    public final Instant startedAt;
    public volatile Instant finishedAt;
    public volatile State state = State.RUNNING;
    public final List<ObjectProgress> objects;

    InitialImportRun(String startedBy, List<ObjectProgress> objects) {
        this(UUID.randomUUID().toString(), startedBy, Instant.now(), objects);
    }

    /** A run continued after a restart (or read back from the database): its id and start as stored. */
    InitialImportRun(String id, String startedBy, Instant startedAt, List<ObjectProgress> objects) {
        this.id = id;
        this.startedBy = startedBy;
        this.startedAt = startedAt;
        this.objects = objects;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("state", state);
        v.put("startedBy", startedBy);
        v.put("startedAt", startedAt);
        v.put("finishedAt", finishedAt);
        v.put("objects", objects.stream().map(ObjectProgress::toJson).toList());
        return v;
    }
}
