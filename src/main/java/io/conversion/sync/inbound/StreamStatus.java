package io.conversion.sync.inbound;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What the inbound streaming routes are doing, per route: read by the health check and the supervisor. */
@Component
class StreamStatus {

    enum State {
        STARTED, STOPPED, FAILED
    }

    record Channel(String routeId, String channel, State state, Instant since, Instant lastEventAt, String lastError,
            int restarts) {
    }

    private final Map<String, Channel> byRoute = new ConcurrentHashMap<>();
    private final Clock clock;

    StreamStatus(Clock clock) {
        this.clock = clock;
    }

    void started(String routeId, String channel) {
        byRoute.compute(routeId, (id, c) -> new Channel(id, channel, State.STARTED, clock.instant(),
                c == null ? null : c.lastEventAt(), c == null ? null : c.lastError(), c == null ? 0 : c.restarts()));
    }

    void stopped(String routeId) {
        byRoute.computeIfPresent(routeId, (id, c) -> new Channel(id, c.channel(), State.STOPPED, clock.instant(),
                c.lastEventAt(), c.lastError(), c.restarts()));
    }

    void failed(String routeId, String error) {
        byRoute.computeIfPresent(routeId, (id, c) -> new Channel(id, c.channel(), State.FAILED, clock.instant(),
                c.lastEventAt(), error, c.restarts() + 1));
    }

    void eventReceived(String routeId) {
        byRoute.computeIfPresent(routeId, (id, c) -> new Channel(id, c.channel(), c.state(), c.since(),
                clock.instant(), c.lastError(), c.restarts()));
    }

    Optional<Channel> byChannel(String channel) {
        return byRoute.values().stream().filter(c -> c.channel().equals(channel)).findFirst();
    }

    Map<String, Channel> all() {
        return new TreeMap<>(byRoute);
    }
}
