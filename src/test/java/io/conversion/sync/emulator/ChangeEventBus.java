package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Retained streaming events with one org-wide increasing replayId sequence. All methods synchronize on this bus, so a
 * subscriber can register and read its replay backlog atomically (see {@link #subscribeAtomically}).
 */
public final class ChangeEventBus {
    public static final String ALL_CHANGE_EVENTS = "/data/ChangeEvents";

    /**
     * One retained event, kept as its serialized JSON (a fraction of a JSON tree's memory: up to
     * {@link EmulatorConfig#maxRetainedEvents} are held). {@link #data()} is a fresh copy of the Bayeux {@code data}
     * object ({@code schema, payload, event}).
     */
    public record StoredEvent(long replayId, String channel, Instant time, byte[] json) {
        public ObjectNode data() {
            try {
                return (ObjectNode) Http.JSON.readTree(json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public ObjectNode payload() { return (ObjectNode) data().get("payload"); }
    }

    /** Thrown for a replay id that is neither -1, -2 nor a retained event's id. */
    public static final class InvalidReplayIdException extends RuntimeException {
        InvalidReplayIdException(long id) { super(String.valueOf(id)); }
    }

    private final Clock clock;
    private final Duration retention;
    private final int maxRetained;
    private final List<StoredEvent> events = new ArrayList<>();
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    private long lastReplayId = 0;

    ChangeEventBus(Clock clock, Duration retention, int maxRetained) {
        this.clock = clock;
        this.retention = retention;
        this.maxRetained = maxRetained;
    }

    public static String channelFor(String entityName) {
        return "/data/" + entityName + "ChangeEvent";
    }

    /** Whether an event published on {@code eventChannel} is delivered to a subscription on {@code subscribed}. */
    public static boolean matches(String subscribed, String eventChannel) {
        return subscribed.equals(eventChannel)
                || (ALL_CHANGE_EVENTS.equals(subscribed) && eventChannel.startsWith("/data/") && eventChannel.endsWith("ChangeEvent"));
    }

    void addListener(Consumer<StoredEvent> l) {
        listeners.add(l);
    }

    /** Publishes a payload (must contain ChangeEventHeader for CDC channels) and returns its replay id. */
    public synchronized StoredEvent publish(String channel, ObjectNode payload) {
        long replayId = ++lastReplayId;
        String entity = channel.startsWith("/data/") && channel.endsWith("ChangeEvent")
                ? channel.substring(6, channel.length() - "ChangeEvent".length()) : channel;
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("schema", "emu" + entity.replace("/", "") + "Schema-1");
        data.set("payload", payload);
        data.putObject("event").put("replayId", replayId);
        StoredEvent e;
        try {
            e = new StoredEvent(replayId, channel, clock.instant(), Http.JSON.writeValueAsBytes(data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
        events.add(e);
        // Bounded memory: beyond maxRetained the oldest events are dropped (in chunks, so that publishing stays O(1)
        // amortised), and replaying from them answers the invalid-replay error, as for events past the 72 h window.
        if (events.size() > maxRetained + Math.max(1, maxRetained / 10)) events.subList(0, events.size() - maxRetained).clear();
        for (Consumer<StoredEvent> l : listeners) {
            l.accept(e);
        }
        return e;
    }

    /** Retained events for a subscription, replaying from -1 (none), -2 (all) or after a retained id. */
    public synchronized List<StoredEvent> replay(String subscribedChannel, long replayFrom) {
        prune();
        List<StoredEvent> out = new ArrayList<>();
        if (replayFrom == -1) {
            return out;
        }
        int start;
        if (replayFrom == -2) {
            start = 0;
        } else {
            int idx = indexOf(replayFrom);
            if (idx < 0) {
                throw new InvalidReplayIdException(replayFrom);
            }
            start = idx + 1;
        }
        for (int i = start; i < events.size(); i++) {
            if (matches(subscribedChannel, events.get(i).channel())) {
                out.add(events.get(i));
            }
        }
        return out;
    }

    /** Runs {@code action} with the bus locked, so no event is published meanwhile. */
    public synchronized <T> T subscribeAtomically(java.util.function.Supplier<T> action) {
        return action.get();
    }

    private int indexOf(long replayId) {
        int lo = 0, hi = events.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = events.get(mid).replayId();
            if (v == replayId) return mid;
            if (v < replayId) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /** Drops events older than the retention window. */
    public synchronized void prune() {
        Instant cutoff = clock.instant().minus(retention);
        int n = 0;
        while (n < events.size() && events.get(n).time().isBefore(cutoff)) n++;
        if (n > 0) events.subList(0, n).clear();
    }

    public synchronized List<StoredEvent> retained() {
        prune();
        return List.copyOf(events);
    }

    public synchronized long lastReplayId() {
        return lastReplayId;
    }

    /** Forgets retained events; the replayId sequence keeps increasing so stale ids become invalid. */
    synchronized void clear() {
        events.clear();
    }
}
