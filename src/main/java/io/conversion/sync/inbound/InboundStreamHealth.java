package io.conversion.sync.inbound;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code inboundStreams}: DOWN when an inbound channel is not subscribed (route
 * stopped, subscribe failed and not yet recovered, or still not subscribed after the start-up grace period), or
 * while the batch writer's thread died and its replacement has not written a batch yet ({@code writer}).
 */
@Component("inboundStreams")
class InboundStreamHealth implements HealthIndicator {

    private static final Duration GRACE = Duration.ofSeconds(60);

    private final ObjectProvider<CamelContext> camel;
    private final StreamStatus status;
    private final InboundBatchWriter writer;
    private final InboundStreamSupervisor supervisor;
    private final Clock clock;

    InboundStreamHealth(ObjectProvider<CamelContext> camel, StreamStatus status, InboundBatchWriter writer,
            InboundStreamSupervisor supervisor, Clock clock) {
        this.camel = camel;
        this.status = status;
        this.writer = writer;
        this.supervisor = supervisor;
        this.clock = clock;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> channels = new LinkedHashMap<>();
        CamelContext context = camel.getIfAvailable();
        for (StreamStatus.Channel c : status.all().values()) {
            Route route = context == null ? null : context.getRoute(c.routeId());
            ServiceStatus routeStatus = context == null ? null : context.getRouteController().getRouteStatus(c.routeId());
            boolean subscribed = route != null && routeStatus == ServiceStatus.Started
                    && route.getConsumer() instanceof StreamingApiConsumer consumer
                    && StreamingAccess.isSubscribed(consumer);
            String state;
            if (subscribed) {
                state = "SUBSCRIBED";
                supervisor.subscribed(c.channel());
            } else if (c.state() == StreamStatus.State.STARTED
                    && Duration.between(c.since(), clock.instant()).compareTo(GRACE) < 0) {
                state = "SUBSCRIBING";
            } else {
                state = c.state() == StreamStatus.State.FAILED ? "FAILED" : "NOT_SUBSCRIBED";
                up = false;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("route", c.routeId());
            d.put("state", state);
            d.put("routeStatus", String.valueOf(routeStatus));
            d.put("lastAppliedReplayId", writer.position(c.channel()).orElse(null));
            d.put("lastEventAt", c.lastEventAt());
            d.put("restarts", c.restarts());
            if (c.lastError() != null) {
                d.put("lastError", c.lastError());
            }
            channels.put(c.channel(), d);
        }
        // The one writer thread died (an Error): nothing is applied until its replacement writes a batch.
        String writerFailure = writer.writerFailure();
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("state", writerFailure == null ? "RUNNING" : "RESTARTING");
        w.put("restarts", writer.writerRestarts());
        if (writerFailure != null) {
            w.put("lastError", writerFailure);
            up = false;
        }
        return (up ? Health.up() : Health.down()).withDetail("channels", channels).withDetail("writer", w)
                .withDetail("queued", writer.queued()).withDetail("applied", writer.appliedEvents())
                .withDetail("transactions", writer.transactions())
                .withDetail("duplicatesDropped", writer.droppedDuplicates()).build();
    }

    /** For tests and the supervisor: is this channel subscribed right now? */
    boolean isSubscribed(String channel) {
        Object d = ((Map<?, ?>) health().getDetails().get("channels")).get(channel);
        return d instanceof Map<?, ?> m && "SUBSCRIBED".equals(m.get("state"));
    }
}
