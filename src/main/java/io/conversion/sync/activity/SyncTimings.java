package io.conversion.sync.activity;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * How far behind the other system the sync is, as Prometheus histograms and a lag gauge:
 * <ul>
 * <li>{@code conversion_sync_inbound_latency_seconds{object}}: Salesforce commit (the change event's
 * {@code commitTimestamp}) → the Conversion transaction that applied it committed;</li>
 * <li>{@code conversion_sync_outbound_latency_seconds{object}}: the contact stored from the queue (or the API)
 * → its Salesforce record created and recorded;</li>
 * <li>{@code conversion_sync_inbound_stream_lag_seconds{object}}: that inbound latency for the newest event applied
 * (what Debezium calls "behind source"): grows while the writer falls behind, NaN before the first event.</li>
 * </ul>
 * Recorded only after the commit, so a rolled-back and retried batch is measured once. The clocks of Salesforce and
 * this machine differ by their NTP error; a negative delay counts as 0.
 */
@Component
public class SyncTimings {

    private static final Duration MIN = Duration.ofMillis(5);
    private static final Duration MAX = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();

    SyncTimings(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A change event of {@code object} committed in Salesforce at {@code salesforceCommit} is now applied. */
    public void inboundApplied(String object, long salesforceCommitMillis) {
        long delay = Math.max(0, clock.millis() - salesforceCommitMillis);
        timer("conversion.sync.inbound.latency", object,
                "Salesforce commit of a change event to the Conversion commit that applied it").record(
                Duration.ofMillis(delay));
        lag(object).set(delay);
    }

    /** A contact stored for sending at {@code pendingSince} now has its Salesforce {@code object} record. */
    public void outboundCreated(String object, Instant pendingSince) {
        if (pendingSince == null) {
            return;
        }
        long delay = Math.max(0, clock.millis() - pendingSince.toEpochMilli());
        timer("conversion.sync.outbound.latency", object,
                "A contact stored from the queue or the API to its Salesforce record created").record(
                Duration.ofMillis(delay));
    }

    private Timer timer(String name, String object, String description) {
        return Timer.builder(name).description(description).tag("object", object)
                .publishPercentileHistogram().minimumExpectedValue(MIN).maximumExpectedValue(MAX)
                .register(registry);
    }

    private AtomicLong lag(String object) {
        return lagMillis.computeIfAbsent(object, o -> {
            AtomicLong value = new AtomicLong(-1);
            Gauge.builder("conversion.sync.inbound.stream.lag", value,
                            v -> v.get() < 0 ? Double.NaN : v.get() / 1000.0)
                    .tag("object", o).baseUnit("seconds")
                    .description("Salesforce commit to Conversion commit of the newest change event applied")
                    .register(registry);
            return value;
        });
    }
}
