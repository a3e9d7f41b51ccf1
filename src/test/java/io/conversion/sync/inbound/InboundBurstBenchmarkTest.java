package io.conversion.sync.inbound;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Inbound speed, through the emulator and the real consumer. Not part of {@code mvn test}; run with
 * {@code mvn -B test -Dtests.groups=benchmark -Dtests.excluded= -Dtest=InboundBurstBenchmarkTest}. Prints figures;
 * asserts nothing about time.
 */
@Tag("benchmark")
class InboundBurstBenchmarkTest extends InboundTestSupport {

    private static final int CALLS = 50;
    private static final int RECORDS_PER_CALL = 200;

    @Test
    void measures_idle_latency_and_the_rate_of_a_10000_record_burst() throws Exception {
        // Idle latency: publication of one change to its commit in Conversion's database.
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            org().create("Lead", lead(email("latency" + i)));
            long replayId = SALESFORCE.events().lastReplayId();
            while (writer.position(LEADS).orElse(0L) < replayId) {
                Thread.sleep(1);
            }
            latencies.add((System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(100);
        }
        latencies.sort(Long::compare);
        print("idle: one Lead create -> applied", "p50", latencies.get(latencies.size() / 2), "ms");
        print("idle: one Lead create -> applied", "max", latencies.get(latencies.size() - 1), "ms");

        // Burst 1: 50 sObject-Collections-like transactions of 200 Lead creates = 10,000 events.
        List<String> ids = new ArrayList<>();
        long tx0 = writer.transactions();
        long t0 = System.nanoTime();
        for (int call = 0; call < CALLS; call++) {
            int c = call;
            ids.addAll(org().inTransaction("com/salesforce/api/rest/56.0;client=bulk-loader", tx -> {
                List<String> created = new ArrayList<>();
                for (int r = 0; r < RECORDS_PER_CALL; r++) {
                    Map<String, Object> f = lead(email("burst" + c + "-" + r));
                    created.add(tx.insert("Lead", f));
                }
                return created;
            }));
        }
        long published = System.nanoTime();
        awaitAllApplied();
        long t1 = System.nanoTime();
        double seconds = (t1 - t0) / 1e9;
        print("burst: 10,000 Lead creates (50 x 200, 10,000 events)", "publish time", (published - t0) / 1e6, "ms");
        print("burst: 10,000 Lead creates (50 x 200, 10,000 events)", "first publish -> all applied",
                seconds * 1000, "ms");
        print("burst: 10,000 Lead creates (50 x 200, 10,000 events)", "rate", ids.size() / seconds, "records/s");
        print("burst: 10,000 Lead creates (50 x 200, 10,000 events)", "DB transactions",
                writer.transactions() - tx0, "");

        // Burst 2: the same 10,000 Leads updated by 50 calls of 200 = 50 events carrying 200 record ids each.
        tx0 = writer.transactions();
        t0 = System.nanoTime();
        for (int call = 0; call < CALLS; call++) {
            List<String> chunk = ids.subList(call * RECORDS_PER_CALL, (call + 1) * RECORDS_PER_CALL);
            Map<String, Object> change = new HashMap<>(Map.of("Title", "Burst " + call));
            org().inTransaction("com/salesforce/api/rest/56.0;client=bulk-loader", tx -> {
                chunk.forEach(id -> tx.update("Lead", id, change));
                return null;
            });
        }
        awaitAllApplied();
        seconds = (System.nanoTime() - t0) / 1e9;
        print("burst: 10,000 Lead updates (50 events x 200 record ids)", "first publish -> all applied",
                seconds * 1000, "ms");
        print("burst: 10,000 Lead updates (50 events x 200 record ids)", "rate", ids.size() / seconds, "records/s");
        print("burst: 10,000 Lead updates (50 events x 200 record ids)", "DB transactions",
                writer.transactions() - tx0, "");
    }

    private void awaitAllApplied() {
        long last = SALESFORCE.events().lastReplayId();
        await().atMost(Duration.ofMinutes(10)).dontCatchUncaughtExceptions().pollInterval(Duration.ofMillis(20))
                .until(() -> writer.position(LEADS).orElse(0L) >= last);
    }

    private static void print(String workload, String metric, double value, String unit) {
        System.out.printf(Locale.ROOT, "[bench inbound] %-58s %-30s %,12.1f %s%n", workload, metric, value, unit);
    }
}
