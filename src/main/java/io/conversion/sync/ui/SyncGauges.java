package io.conversion.sync.ui;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Gauges read at scrape time: outbound backlog and dead letters, inbound stream state and silence, Salesforce API
 * usage (from the Sforce-Limit-Info header of the last answer; a scrape never calls Salesforce). NaN when a value is not known.
 */
@Component
class SyncGauges implements MeterBinder {

    private final OutboundBacklog backlog;
    private final DeadLetterQueue deadLetters;
    private final InboundStreams streams;
    private final ApiBudget apiBudget;
    private final Clock clock;

    SyncGauges(OutboundBacklog backlog, DeadLetterQueue deadLetters, InboundStreams streams,
            ApiBudget apiBudget, Clock clock) {
        this.backlog = backlog;
        this.deadLetters = deadLetters;
        this.streams = streams;
        this.apiBudget = apiBudget;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("conversion.sync.outbound.backlog", backlog, b -> b.counts().pending())
                .tag("status", "pending").description("Contacts waiting to be sent to Salesforce")
                .register(registry);
        Gauge.builder("conversion.sync.outbound.backlog", backlog, b -> b.counts().failed())
                .tag("status", "failed").description("Contacts Salesforce did not take (waiting for sync now)")
                .register(registry);
        Gauge.builder("conversion.sync.outbound.dead.letters", deadLetters,
                        d -> d.depth().isPresent() ? d.depth().getAsLong() : Double.NaN)
                .description("Messages in the outbound dead-letter queue").register(registry);
        Gauge.builder("conversion.sync.inbound.queued.events", streams, s -> s.view().queued())
                .description("Change events received and waiting for the batch writer").register(registry);
        for (SyncedObject synced : SyncedObject.values()) {
            String object = synced.sfName();
            Gauge.builder("conversion.sync.inbound.stream.subscribed", streams,
                            channel(synced, c -> c.subscribed() ? 1 : 0))
                    .tag("object", object).description("1 when the object's CDC channel is subscribed")
                    .register(registry);
            Gauge.builder("conversion.sync.inbound.stream.last.event.age", streams,
                            channel(synced, c -> c.lastEventAt() == null ? Double.NaN
                                    : Duration.between(c.lastEventAt(), clock.instant()).toMillis() / 1000.0))
                    .tag("object", object).baseUnit("seconds")
                    .description("Time since the channel last received a change event").register(registry);
        }
        apiGauge(registry, "max", "Org's daily API request limit", ApiBudget.Snapshot::max);
        apiGauge(registry, "used", "Daily API requests used (rolling 24 h, all the org's integrations)",
                ApiBudget.Snapshot::used);
        apiGauge(registry, "remaining", "Daily API requests remaining", ApiBudget.Snapshot::remaining);
        apiGauge(registry, "reserve", "Daily API requests kept for the org's other integrations",
                ApiBudget.Snapshot::reserve);
    }

    /** conversion_sync_salesforce_api_requests_{name}, from the last Sforce-Limit-Info header (NaN before one). */
    private void apiGauge(MeterRegistry registry, String name, String description,
            ToLongFunction<ApiBudget.Snapshot> value) {
        Gauge.builder("conversion.sync.salesforce.api.requests." + name, apiBudget, b -> {
            ApiBudget.Snapshot s = b.snapshot();
            return s.max() < 0 ? Double.NaN : value.applyAsLong(s);
        }).description(description + " (last Salesforce answer)").register(registry);
    }

    private static ToDoubleFunction<InboundStreams> channel(SyncedObject object,
            ToDoubleFunction<InboundStreams.Channel> value) {
        return s -> s.view().channels().stream().filter(c -> c.channel().equals(object.channel())).findFirst()
                .map(value::applyAsDouble).orElse(Double.NaN);
    }
}
