package io.conversion.sync.activity;

import io.micrometer.core.instrument.Counter;
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

    private final MeterRegistry registry;

    SyncRecordsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(List<Activity> activities) {
        if (activities.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(activities);
                }
            });
        } else {
            count(activities);
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
