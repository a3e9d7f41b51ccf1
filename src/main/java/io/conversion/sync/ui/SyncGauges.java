package io.conversion.sync.ui;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Gauges read at scrape time: outbound backlog and dead letters, inbound stream state and silence, Salesforce API
 * usage (last value read by the dashboard; a scrape never calls Salesforce). NaN when a value is not known.
 */
@Component
class SyncGauges implements MeterBinder {

    private final OutboundBacklog backlog;
    private final DeadLetterQueue deadLetters;
    private final InboundStreams streams;
    private final SalesforceApiUsage apiUsage;
    private final Clock clock;

    SyncGauges(OutboundBacklog backlog, DeadLetterQueue deadLetters, InboundStreams streams,
            SalesforceApiUsage apiUsage, Clock clock) {
        this.backlog = backlog;
        this.deadLetters = deadLetters;
        this.streams = streams;
        this.apiUsage = apiUsage;
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
        Gauge.builder("conversion.sync.salesforce.api.requests.max", apiUsage,
                        u -> u.cached() == null || u.cached().max() < 0 ? Double.NaN : u.cached().max())
                .description("Org's daily API request limit (last read)").register(registry);
        Gauge.builder("conversion.sync.salesforce.api.requests.remaining", apiUsage,
                        u -> u.cached() == null || u.cached().remaining() < 0 ? Double.NaN : u.cached().remaining())
                .description("Daily API requests remaining (last read)").register(registry);
    }

    private static ToDoubleFunction<InboundStreams> channel(SyncedObject object,
            ToDoubleFunction<InboundStreams.Channel> value) {
        return s -> s.view().channels().stream().filter(c -> c.channel().equals(object.channel())).findFirst()
                .map(value::applyAsDouble).orElse(Double.NaN);
    }
}
