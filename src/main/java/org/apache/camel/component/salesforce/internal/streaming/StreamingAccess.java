package org.apache.camel.component.salesforce.internal.streaming;

import java.lang.reflect.Field;
import java.util.Set;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
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
