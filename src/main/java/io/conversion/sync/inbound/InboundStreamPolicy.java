package io.conversion.sync.inbound;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.apache.camel.support.RoutePolicySupport;
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

    private final InboundBatchWriter writer;
    private final StreamStatus status;

    InboundStreamPolicy(InboundBatchWriter writer, StreamStatus status) {
        this.writer = writer;
        this.status = status;
    }

    @Override
    public void onStart(Route route) {
        status.started(route.getRouteId(), channel(route));
    }

    @Override
    public void onStop(Route route) {
        String channel = channel(route);
        try {
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
