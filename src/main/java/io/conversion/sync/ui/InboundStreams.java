package io.conversion.sync.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The inbound streams as the {@code inboundStreams} health check sees them (the inbound package's public view):
 * per channel its state (SUBSCRIBED, SUBSCRIBING, FAILED, NOT_SUBSCRIBED), last event received, restarts, last error.
 * Cached for a second, so a dashboard poll and a Prometheus scrape at the same moment look once.
 */
@Component("inboundStreamsView")
class InboundStreams {

    private static final Duration CACHE = Duration.ofSeconds(1);

    record Channel(String channel, String object, String state, Instant lastEventAt, Long lastAppliedReplayId,
            int restarts, String lastError) {

        boolean subscribed() {
            return "SUBSCRIBED".equals(state);
        }
    }

    record View(String status, List<Channel> channels, long queued, Instant at) {
    }

    private final HealthIndicator health;
    private final Clock clock;
    private volatile View cached;

    InboundStreams(@Qualifier("inboundStreams") HealthIndicator health, Clock clock) {
        this.health = health;
        this.clock = clock;
    }

    View view() {
        View v = cached;
        Instant now = clock.instant();
        if (v != null && Duration.between(v.at(), now).compareTo(CACHE) < 0) {
            return v;
        }
        Health h = health.health();
        List<Channel> channels = new ArrayList<>();
        if (h.getDetails().get("channels") instanceof Map<?, ?> byChannel) {
            byChannel.forEach((name, details) -> {
                Map<?, ?> d = (Map<?, ?>) details;
                channels.add(new Channel(String.valueOf(name), objectOf(String.valueOf(name)),
                        String.valueOf(d.get("state")), instant(d.get("lastEventAt")),
                        d.get("lastAppliedReplayId") instanceof Number n ? n.longValue() : null,
                        d.get("restarts") instanceof Number r ? r.intValue() : 0,
                        d.get("lastError") == null ? null : String.valueOf(d.get("lastError"))));
            });
        }
        long queued = h.getDetails().get("queued") instanceof Number q ? q.longValue() : 0;
        v = new View(Status.UP.equals(h.getStatus()) ? "UP" : h.getStatus().getCode(), List.copyOf(channels), queued,
                now);
        cached = v;
        return v;
    }

    /** "/data/LeadChangeEvent" → "Lead". */
    static String objectOf(String channel) {
        String last = channel.substring(channel.lastIndexOf('/') + 1);
        return last.endsWith("ChangeEvent") ? last.substring(0, last.length() - "ChangeEvent".length()) : last;
    }

    private static Instant instant(Object o) {
        return o instanceof Instant i ? i : o == null ? null : Instant.parse(String.valueOf(o));
    }
}
