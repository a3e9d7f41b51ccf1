package io.conversion.sync.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counter {@code conversion_sync_records_total{direction,object,outcome,reason}}: one per activity row, counted when the
 * row commits (a rolled-back batch, retried later, is not counted twice). Reasons are the activity log's short codes
 * (a bounded set), so the label stays low-cardinality; "none" when a row has no object or reason.
 */
@Component
class SyncRecordsMetrics {

    static final String NAME = "conversion.sync.records";
    static final String BATCH = "conversion.sync.batch.records";

    private final MeterRegistry registry;

    SyncRecordsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(List<Activity> activities) {
        if (activities.isEmpty()) {
            return;
        }
        afterCommit(() -> count(activities));
    }

    /**
     * Summary {@code conversion_sync_batch_records{direction,kind}}: the records of one batch write (kind EVENTS,
     * IMPORT_PAGE, CREATE, UPDATE; an outbound batch whose failures are written in a later step counts twice).
     */
    void batchRecorded(Activity.Direction direction, String kind, int records) {
        afterCommit(() -> DistributionSummary.builder(BATCH)
                .description("Records per batch the sync wrote, by direction and kind")
                .tag("direction", direction.name().toLowerCase(Locale.ROOT)).tag("kind", kind)
                .serviceLevelObjectives(1, 10, 50, 100, 200, 500, 1000, 2000, 5000)
                .register(registry).record(records));
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private void count(List<Activity> activities) {
        for (Activity a : activities) {
            Counter.builder(NAME)
                    .description("Records the sync decided about, by direction, Salesforce object, outcome and reason")
                    .tag("direction", a.direction().name().toLowerCase(Locale.ROOT))
                    .tag("object", a.objectType() == null ? "none" : a.objectType())
                    .tag("outcome", a.outcome().name().toLowerCase(Locale.ROOT))
                    .tag("reason", a.reason() == null ? "none" : a.reason())
                    .register(registry)
                    .increment();
        }
    }
}
