package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bayeux long-polling server at {@code /cometd/{version}[/*]}: handshake, connect (held until events or advice timeout),
 * subscribe with the replay extension, unsubscribe, disconnect. Always HTTP 200 with a JSON array.
 */
final class CometdHandler {
    private static final String INVALID_REPLAY = "400::The replayId {%d} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.";
    private final SalesforceEmulator emu;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    /** Replay id sent by every /meta/subscribe, per channel, in arrival order (introspection for tests). */
    private final Map<String, List<Long>> subscribeReplayIds = new ConcurrentHashMap<>();

    CometdHandler(SalesforceEmulator emu) {
        this.emu = emu;
        emu.org().events().addListener(this::onEvent);
    }

    /** One Bayeux client. Guarded by its own monitor. */
    private static final class Session {
        final String clientId;
        final Map<String, Long> subscriptions = new ConcurrentHashMap<>(); // channel -> deliverable-after (nanoTime)
        final List<Pending> queue = new ArrayList<>();
        long lastSeen = System.nanoTime();
        boolean holding;
        boolean closed;
        long connectGeneration;

        Session(String clientId) {
            this.clientId = clientId;
        }
    }

    private record Pending(ObjectNode message, long notBefore) {
    }

    private void onEvent(ChangeEventBus.StoredEvent e) {
        long now = System.nanoTime();
        long expiry = emu.config().clientExpiry().toNanos();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session s = it.next();
            synchronized (s) {
                if (s.closed || (!s.holding && now - s.lastSeen > expiry)) {
                    continue; // expired clients get nothing; they re-handshake and replay
                }
                for (var sub : s.subscriptions.entrySet()) {
                    if (ChangeEventBus.matches(sub.getKey(), e.channel())) {
                        s.queue.add(new Pending(message(sub.getKey(), e), Math.max(now, sub.getValue())));
                    }
                }
                s.notifyAll();
            }
        }
    }

    private static ObjectNode message(String channel, ChangeEventBus.StoredEvent e) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("channel", channel);
        m.set("data", e.data());
        return m;
    }

    void handle(HttpExchange ex) throws IOException {
        String token = TokenStore.fromAuthorization(ex.getRequestHeaders().getFirst("Authorization"));
        boolean authOk = emu.tokens().isValid(token);
        JsonNode body;
        try {
            body = Http.JSON.readTree(Http.body(ex));
        } catch (IOException e) {
            Http.send(ex, 400, JsonNodeFactory.instance.arrayNode());
            return;
        }
        List<JsonNode> messages = new ArrayList<>();
        if (body != null && body.isArray()) body.forEach(messages::add);
        else if (body != null && body.isObject()) messages.add(body);
        ArrayNode replies = JsonNodeFactory.instance.arrayNode();
        JsonNode connect = null;
        for (JsonNode m : messages) {
            String channel = m.path("channel").asText();
            switch (channel) {
                case "/meta/handshake" -> replies.add(handshake(m, authOk));
                case "/meta/connect" -> connect = m;
                case "/meta/subscribe" -> replies.add(subscribe(m, authOk));
                case "/meta/unsubscribe" -> replies.add(unsubscribe(m));
                case "/meta/disconnect" -> replies.add(disconnect(m));
                default -> replies.add(reply(m).put("successful", false).put("error", "403::Publish denied"));
            }
        }
        if (connect != null) {
            connect(connect, authOk, replies);
        }
        Http.send(ex, 200, replies);
    }

    private static ObjectNode reply(JsonNode m) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("channel", m.path("channel").asText());
        if (m.has("id")) r.set("id", m.get("id"));
        if (m.has("clientId")) r.set("clientId", m.get("clientId"));
        return r;
    }

    private ObjectNode handshake(JsonNode m, boolean authOk) {
        emu.usage().recordOther("cometd.handshake");
        ObjectNode r = reply(m);
        if (!authOk) {
            r.put("successful", false).put("error", "403::Handshake denied");
            r.putObject("advice").put("reconnect", "none");
            ObjectNode ext = r.putObject("ext");
            ext.putObject("sfdc").put("failureReason", "401::Authentication invalid");
            ext.put("replay", true);
            return r;
        }
        sweep();
        String clientId = "emu-" + Long.toString(clientIds.incrementAndGet(), 36) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        sessions.put(clientId, new Session(clientId));
        r.put("version", "1.0").put("minimumVersion", "1.0").put("clientId", clientId);
        r.putArray("supportedConnectionTypes").add("long-polling");
        r.put("successful", true);
        r.putObject("ext").put("replay", true).put("payload.format", true);
        return r;
    }

    private void sweep() {
        long now = System.nanoTime();
        long expiry = emu.config().clientExpiry().toNanos();
        sessions.values().removeIf(s -> {
            synchronized (s) {
                return s.closed || (!s.holding && now - s.lastSeen > expiry);
            }
        });
    }

    private Session liveSession(JsonNode m) {
        Session s = sessions.get(m.path("clientId").asText());
        if (s == null) return null;
        synchronized (s) {
            if (s.closed || (!s.holding && System.nanoTime() - s.lastSeen > emu.config().clientExpiry().toNanos())) {
                sessions.remove(s.clientId);
                s.closed = true;
                return null;
            }
            return s;
        }
    }

    private static ObjectNode unknownClient(ObjectNode r) {
        r.put("successful", false).put("error", "403::Unknown client");
        r.putObject("advice").put("reconnect", "handshake").put("interval", 0);
        return r;
    }

    private ObjectNode subscribe(JsonNode m, boolean authOk) {
        emu.usage().recordOther("cometd.subscribe");
        ObjectNode r = reply(m);
        String channel = m.path("subscription").asText();
        r.put("subscription", channel);
        JsonNode replayNode = m.path("ext").path("replay").path(channel);
        long replayFrom = replayNode.canConvertToLong() ? replayNode.asLong() : -1;
        subscribeReplayIds.computeIfAbsent(channel, c -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(replayFrom);
        if (!authOk) {
            return r.put("successful", false).put("error", "401::Authentication invalid");
        }
        Session s = liveSession(m);
        if (s == null) return unknownClient(r);
        String fault = emu.faults().nextSubscribeFailure();
        if (fault != null) {
            r.put("successful", false).put("error", fault);
            r.putObject("ext").putObject("sfdc").put("failureReason", fault);
            return r;
        }
        if (!validChannel(channel)) {
            return r.put("successful", false).put("error", "400::The channel you requested to subscribe to does not exist {" + channel + "}");
        }
        long deliverAfter = System.nanoTime() + emu.config().subscribeDeliveryDelay().toNanos();
        try {
            emu.org().events().subscribeAtomically(() -> {
                List<ChangeEventBus.StoredEvent> backlog = emu.org().events().replay(channel, replayFrom);
                synchronized (s) {
                    s.subscriptions.put(channel, deliverAfter);
                    s.queue.removeIf(p -> p.message().path("channel").asText().equals(channel));
                    for (var e : backlog) s.queue.add(new Pending(message(channel, e), deliverAfter));
                    s.notifyAll();
                }
                return null;
            });
        } catch (ChangeEventBus.InvalidReplayIdException e) {
            return r.put("successful", false).put("error", String.format(INVALID_REPLAY, replayFrom));
        }
        return r.put("successful", true);
    }

    private static boolean validChannel(String channel) {
        return channel.equals(ChangeEventBus.ALL_CHANGE_EVENTS)
                || channel.matches("/data/(Lead|Contact|Account)ChangeEvent")
                || channel.matches("/event/[A-Za-z0-9_]+__e");
    }

    private ObjectNode unsubscribe(JsonNode m) {
        emu.usage().recordOther("cometd.unsubscribe");
        ObjectNode r = reply(m);
        String channel = m.path("subscription").asText();
        r.put("subscription", channel);
        Session s = liveSession(m);
        if (s == null) return unknownClient(r);
        synchronized (s) {
            s.subscriptions.remove(channel);
            s.queue.removeIf(p -> p.message().path("channel").asText().equals(channel));
        }
        return r.put("successful", true);
    }

    private ObjectNode disconnect(JsonNode m) {
        emu.usage().recordOther("cometd.disconnect");
        ObjectNode r = reply(m);
        Session s = sessions.remove(m.path("clientId").asText());
        if (s != null) {
            synchronized (s) {
                s.closed = true;
                s.notifyAll();
            }
        }
        return r.put("successful", true);
    }

    private void connect(JsonNode m, boolean authOk, ArrayNode replies) {
        emu.usage().recordOther("cometd.connect");
        ObjectNode r = reply(m);
        if (!authOk) {
            r.put("successful", false).put("error", "401::Authentication invalid");
            r.putObject("advice").put("reconnect", "none").put("interval", 0);
            replies.add(r);
            return;
        }
        Session s = liveSession(m);
        if (s == null || emu.faults().takeUnknownClient()) {
            if (s != null) drop(s);
            replies.add(unknownClient(r));
            return;
        }
        long timeoutMs = emu.config().cometdTimeout().toMillis();
        boolean immediate = m.path("advice").path("timeout").asLong(-1) == 0;
        synchronized (s) {
            long gen = ++s.connectGeneration;
            s.notifyAll(); // releases an older held connect of this client
            s.holding = true;
            long deadline = System.nanoTime() + (immediate ? 0 : timeoutMs * 1_000_000L);
            try {
                while (true) {
                    if (s.closed || s.connectGeneration != gen) break;
                    long now = System.nanoTime();
                    long earliest = Long.MAX_VALUE;
                    boolean ready = false;
                    for (Pending p : s.queue) {
                        if (p.notBefore() <= now) { ready = true; break; }
                        earliest = Math.min(earliest, p.notBefore());
                    }
                    if (ready || now >= deadline) break;
                    long waitNanos = Math.min(deadline, earliest) - now;
                    s.wait(Math.max(1, waitNanos / 1_000_000), 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (s.connectGeneration == gen) s.holding = false;
                s.lastSeen = System.nanoTime();
            }
            if (s.closed && sessions.get(s.clientId) != s) {
                replies.add(unknownClient(r));
                return;
            }
            long now = System.nanoTime();
            for (Iterator<Pending> it = s.queue.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.notBefore() <= now) {
                    replies.add(p.message());
                    it.remove();
                }
            }
        }
        r.put("successful", true);
        r.putObject("advice").put("reconnect", "retry").put("interval", 0).put("timeout", timeoutMs);
        replies.add(r);
    }

    private void drop(Session s) {
        sessions.remove(s.clientId);
        synchronized (s) {
            s.closed = true;
            s.notifyAll();
        }
    }

    /** Forgets all clients now; held connects answer 403::Unknown client (clients re-handshake and replay). */
    void expireAllClients() {
        new ArrayList<>(sessions.values()).forEach(this::drop);
    }

    /** Whether a live client has a subscription to the channel whose delivery hold-back has passed. */
    boolean isSubscribed(String channel) {
        long now = System.nanoTime();
        for (Session s : sessions.values()) {
            synchronized (s) {
                Long after = s.subscriptions.get(channel);
                if (!s.closed && after != null && after <= now) return true;
            }
        }
        return false;
    }

    List<Long> subscribeReplayIds(String channel) {
        return List.copyOf(subscribeReplayIds.getOrDefault(channel, List.of()));
    }

    void forgetSubscribeHistory() {
        subscribeReplayIds.clear();
    }

    int clientCount() {
        sweep();
        return sessions.size();
    }
}
