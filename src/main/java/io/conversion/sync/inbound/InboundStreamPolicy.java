package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.apache.camel.support.RoutePolicySupport;
import org.cometd.bayeux.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Route policy of the inbound streaming routes ({@code routePolicy: inboundStreamPolicy}). When such a route stops
 * (operator, supervisor, shutdown), the events it already handed over are committed first, then camel-salesforce's
 * in-memory replay id of the channel is set back to the position stored with the data, so the next start resumes
 * exactly after the last applied change (camel would otherwise resume after the last RECEIVED one).
 */
@Component("inboundStreamPolicy")
class InboundStreamPolicy extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(InboundStreamPolicy.class);

    private static final String INVALID_REPLAY_ID = "400::The replayId";

    private final InboundBatchWriter writer;
    private final StreamStatus status;
    private final InboundStreamSupervisor supervisor;
    private final ActivityLog activityLog;

    InboundStreamPolicy(InboundBatchWriter writer, StreamStatus status, InboundStreamSupervisor supervisor,
            ActivityLog activityLog) {
        this.writer = writer;
        this.status = status;
        this.supervisor = supervisor;
        this.activityLog = activityLog;
    }

    @Override
    public void onStart(Route route) {
        status.started(route.getRouteId(), channel(route));
        if (route.getConsumer() instanceof StreamingApiConsumer consumer) {
            StreamingAccess.install(consumer, writer::position, this::subscribeReply);
        }
    }

    /** Successful subscribe: the backoff starts over. Rejected replay id: warn the operator that a gap is possible. */
    private void subscribeReply(String channel, Message reply) {
        if (reply.isSuccessful()) {
            supervisor.subscribed(channel);
            return;
        }
        String error = String.valueOf(reply.get(Message.ERROR_FIELD));
        if (error.startsWith(INVALID_REPLAY_ID)) {
            LOG.warn("{}: Salesforce rejected the replay id ({}); camel-salesforce falls back to fallBackReplayId",
                    channel, error);
            activityLog.record(Activity.inbound(null, null, Outcome.FAILED, "SUBSCRIBE", "REPLAY_ID_REJECTED",
                    channel + ": " + error + " Falling back to sync.inbound.fallback-replay-id (default -2: every "
                            + "retained event; already applied ones are skipped). Changes older than the 72 h "
                            + "retention cannot be replayed: re-sync if the service was down that long.",
                    null));
        }
    }

    @Override
    public void onStop(Route route) {
        String channel = channel(route);
        try {
            if (route.getConsumer() instanceof StreamingApiConsumer consumer
                    && !StreamingAccess.awaitUnsubscribed(consumer, 10_000)) {
                LOG.warn("{}: no answer to /meta/unsubscribe within 10 s", channel);
            }
            if (!writer.awaitIdle(30_000)) {
                LOG.warn("Inbound writer still busy while {} stops; re-delivered events will be skipped", channel);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.position(channel).ifPresent(p -> {
            StreamingAccess.setReplayId(channel, p);
            LOG.info("{} stopped; it resumes after replay id {} (last applied)", channel, p);
        });
        status.stopped(route.getRouteId());
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        status.eventReceived(route.getRouteId());
    }

    static String channel(Route route) {
        return StreamingAccess.channelName(((SalesforceEndpoint) route.getEndpoint()).getTopicName());
    }
}
