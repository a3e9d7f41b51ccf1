package org.apache.camel.component.salesforce.internal.streaming;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.client.BayeuxClient;

/**
 * What camel-salesforce 4.17.0 keeps package-private and the inbound sync needs: the JVM-wide replay-id map (to
 * resume a channel from the position stored in our database, which Camel would otherwise ignore for a channel
 * already known in this JVM) and whether a channel is still waiting for a successful subscribe. Tied to 4.17.0
 * internals; re-check on every camel-salesforce upgrade.
 */
public final class StreamingAccess {

    private static final Field CHANNELS_TO_SUBSCRIBE = field("channelsToSubscribe");

    private StreamingAccess() {
    }

    /** The replay id the next subscribe of this channel sends (events AFTER it are delivered). */
    public static void setReplayId(String channel, long replayId) {
        SubscriptionHelper.REPLAY_EXTENSION.setReplayId(channel, replayId);
    }

    /** Camel's channel name for a topic: /data/LeadChangeEvent stays, a bare name becomes /topic/name. */
    public static String channelName(String topicName) {
        return SubscriptionHelper.getChannelName(topicName);
    }

    /**
     * Whether the consumer's channel is subscribed: the CometD client is connected and Camel no longer lists the
     * channel as waiting for a successful subscribe reply.
     */
    @SuppressWarnings("unchecked")
    public static boolean isSubscribed(StreamingApiConsumer consumer) {
        SubscriptionHelper helper = consumer.getSubscriptionHelper();
        BayeuxClient client = helper == null ? null : helper.client;
        if (client == null || !client.isConnected() || CHANNELS_TO_SUBSCRIBE == null) {
            return false;
        }
        try {
            Set<String> waiting = (Set<String>) CHANNELS_TO_SUBSCRIBE.get(helper);
            return !waiting.contains(channelName(consumer.getTopicName()));
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    /** Per CometD client: our extension and listeners are added once; unsubscribes sent and not yet answered. */
    private static final class Hooks {
        final Map<String, Integer> pendingUnsubscribes = new java.util.HashMap<>();
    }

    private static final Map<BayeuxClient, Hooks> HOOKS = new WeakHashMap<>();

    /**
     * Hooks the consumer's CometD client (once per client: Camel creates a new one when its helper restarts):
     * <ul>
     * <li>every /meta/subscribe (route start, and Camel's own re-subscribe after a re-handshake, e.g.
     * 403::Unknown client or an expired token) asks for the events after the position returned by {@code stored}
     * (the last APPLIED event), not after the last RECEIVED one that Camel tracks: events received but not applied
     * (lost in a stopping route, still queued at a crash) are delivered again, the applied ones are recognised and
     * skipped by the caller. Left alone: channels without a stored position and Camel's fallback after a rejected
     * replay id (a negative value in the map);</li>
     * <li>{@code subscribeReplies} sees every /meta/subscribe reply (replies before this call are not seen);</li>
     * <li>unsubscribes are tracked for {@link #awaitUnsubscribed}.</li>
     * </ul>
     */
    @SuppressWarnings("unchecked")
    public static void install(StreamingApiConsumer consumer, Function<String, Optional<Long>> stored,
            BiConsumer<String, Message> subscribeReplies) {
        BayeuxClient client = client(consumer);
        if (client == null) {
            return;
        }
        Hooks hooks;
        synchronized (HOOKS) {
            if (HOOKS.containsKey(client)) {
                return;
            }
            hooks = new Hooks();
            HOOKS.put(client, hooks);
        }
        client.addExtension(new ClientSession.Extension() {
            @Override
            public boolean sendMeta(ClientSession session, Message.Mutable message) {
                String channel = String.valueOf(message.get(Message.SUBSCRIPTION_FIELD));
                if (Channel.META_UNSUBSCRIBE.equals(message.getChannel())) {
                    synchronized (hooks) {
                        hooks.pendingUnsubscribes.merge(channel, 1, Integer::sum);
                    }
                }
                if (!Channel.META_SUBSCRIBE.equals(message.getChannel()) || message.getExt() == null
                        || !(message.getExt().get("replay") instanceof Map<?, ?>)) {
                    return true;
                }
                Object current = ((Map<String, Object>) message.getExt().get("replay")).get(channel);
                if (current instanceof Number n && n.longValue() < 0) {
                    return true;
                }
                stored.apply(channel).ifPresent(position -> SubscriptionHelper.REPLAY_EXTENSION
                        .setReplayId(channel, position));
                return true;
            }
        });
        client.getChannel(Channel.META_SUBSCRIBE).addListener(
                (org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (channel, message) -> subscribeReplies
                        .accept(String.valueOf(message.get(Message.SUBSCRIPTION_FIELD)), message));
        client.getChannel(Channel.META_UNSUBSCRIBE).addListener(
                (org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (channel, message) -> {
                    synchronized (hooks) {
                        hooks.pendingUnsubscribes.computeIfPresent(
                                String.valueOf(message.get(Message.SUBSCRIPTION_FIELD)), (k, v) -> v > 1 ? v - 1 : null);
                        hooks.notifyAll();
                    }
                });
    }

    /**
     * After the consumer stopped: makes sure the channel is unsubscribed on the server before the route may start
     * again (a start racing the stop's /meta/unsubscribe would end unsubscribed). camel-salesforce 4.17.0 may have
     * registered its listener twice (connect/subscribe race); its own unsubscribe then removed one copy and sent
     * nothing, so the remaining listeners are removed here, which sends the /meta/unsubscribe.
     */
    public static boolean awaitUnsubscribed(StreamingApiConsumer consumer, long timeoutMillis)
            throws InterruptedException {
        BayeuxClient client = client(consumer);
        Hooks hooks;
        synchronized (HOOKS) {
            hooks = client == null ? null : HOOKS.get(client);
        }
        if (hooks == null) {
            return true;
        }
        String name = channelName(consumer.getTopicName());
        var channel = client.getChannel(name);
        if (!channel.getSubscribers().isEmpty()) {
            channel.unsubscribe();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (hooks) {
            while (hooks.pendingUnsubscribes.containsKey(name)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    hooks.pendingUnsubscribes.remove(name);
                    return false;
                }
                hooks.wait(left);
            }
        }
        return true;
    }

    private static BayeuxClient client(StreamingApiConsumer consumer) {
        SubscriptionHelper helper = consumer.getSubscriptionHelper();
        return helper == null ? null : helper.client;
    }

    private static Field field(String name) {
        try {
            Field f = SubscriptionHelper.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
