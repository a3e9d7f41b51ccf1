package io.conversion.sync.inbound;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

/** Starts, stops (as a shutdown does) and continues the initial import, for tests outside this package. */
public final class ImportControl {

    private ImportControl() {
    }

    /** Starts an import of every object whose toggle is on; returns its id. */
    public static String start(InitialImport imports) {
        return imports.start(null, "benchmark").id;
    }

    /** Stops the running import as a shutdown does: its objects stay RUNNING in the database. */
    public static void stop(InitialImport imports) throws InterruptedException {
        imports.interrupt();
    }

    /** Continues the stored run (as the next start does). */
    public static void resume(InitialImport imports) {
        imports.resume().orElseThrow();
    }

    /** Waits until the run is no longer RUNNING; returns its progress. */
    public static Map<String, Object> awaitFinished(InitialImport imports, String id, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> imports.find(id).orElseThrow().toJson(),
                        run -> run.get("state") != InitialImportRun.State.RUNNING);
    }
}
