package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.SalesforceConstants;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Exception handler of the inbound streaming consumers ({@code exceptionHandler: "#inboundStreamSupervisor"}).
 * camel-salesforce 4.17.0 reports a failed subscribe (anything but 503 and an invalid replay id, e.g. a 401 or 403)
 * here and never subscribes that channel again: the supervisor restarts the route on another thread, with
 * exponential backoff. The restart resumes from the stored position (see {@link InboundStreamPolicy}), so the
 * events published while the channel was dead are delivered then. A failed exchange is logged as FAILED activity.
 */
@Component("inboundStreamSupervisor")
class InboundStreamSupervisor implements ExceptionHandler, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(InboundStreamSupervisor.class);
    private static final String SUBSCRIBE_ERROR = "Error subscribing to ";

    private final ObjectProvider<CamelContext> camel;
    private final StreamStatus status;
    private final ActivityLog activityLog;
    private final InboundProperties properties;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inbound-stream-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    InboundStreamSupervisor(ObjectProvider<CamelContext> camel, StreamStatus status, ActivityLog activityLog,
            InboundProperties properties) {
        this.camel = camel;
        this.status = status;
        this.activityLog = activityLog;
        this.properties = properties;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(exception.getMessage(), null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange != null) {
            failedExchange(exchange, exception);
        } else if (message != null && message.startsWith(SUBSCRIBE_ERROR)) {
            subscribeFailed(message);
        } else {
            LOG.warn("Inbound streaming: {}", message, exception);
        }
    }

    /** Was the last restart of this channel followed by a successful subscribe? Then the backoff starts over. */
    void subscribed(String channel) {
        attempts.remove(channel);
    }

    private void subscribeFailed(String message) {
        String channel = message.substring(SUBSCRIBE_ERROR.length()).split(":", 2)[0].trim();
        String normalized = channel.startsWith("/") ? channel : "/" + channel;
        var route = status.byChannel(normalized);
        if (route.isEmpty()) {
            LOG.error("Subscribe failed for {}, which no inbound route consumes: {}", channel, message);
            return;
        }
        String routeId = route.get().routeId();
        status.failed(routeId, message);
        int attempt = attempts.merge(normalized, 1, Integer::sum);
        long delay = Math.min(properties.restartMaxBackoff().toMillis(),
                properties.restartBackoff().toMillis() << Math.min(attempt - 1, 16));
        LOG.warn("{} is not subscribed ({}); restarting route {} in {} ms (attempt {})", normalized, message, routeId,
                delay, attempt);
        activityLog.record(Activity.inbound(null, null, Outcome.FAILED, "SUBSCRIBE", "SUBSCRIPTION_LOST",
                message + "; route " + routeId + " restarts in " + delay + " ms", null));
        restarts.schedule(() -> restart(routeId), delay, TimeUnit.MILLISECONDS);
    }

    private void restart(String routeId) {
        try {
            CamelContext context = camel.getObject();
            if (!context.getStatus().isStarted()) {
                return;
            }
            if (context.getRoute(routeId).getConsumer() instanceof StreamingApiConsumer consumer
                    && StreamingAccess.isSubscribed(consumer)) {
                LOG.info("Route {} subscribed again meanwhile (camel re-subscribes on the next connect)", routeId);
                return;
            }
            context.getRouteController().stopRoute(routeId);
            context.getRouteController().startRoute(routeId);
            LOG.info("Route {} restarted after a failed subscribe", routeId);
        } catch (Exception e) {
            LOG.error("Restart of route {} failed", routeId, e);
        }
    }

    private void failedExchange(Exchange exchange, Throwable exception) {
        var in = exchange.getMessage();
        if (exception instanceof java.util.concurrent.RejectedExecutionException) {
            // Delivered while its route was stopping: not applied, and delivered again after the restart (the
            // subscribe resumes from the last applied event).
            LOG.debug("Event {} arrived while its route was stopping; it will be delivered again",
                    in.getHeader(SalesforceConstants.HEADER_SALESFORCE_REPLAY_ID));
            return;
        }
        String entity = in.getHeader(SalesforceConstants.HEADER_SALESFORCE_ENTITY_NAME, String.class);
        Long replayId = in.getHeader(SalesforceConstants.HEADER_SALESFORCE_REPLAY_ID, Long.class);
        @SuppressWarnings("unchecked")
        List<String> ids = in.getHeader(SalesforceConstants.HEADER_SALESFORCE_RECORD_IDS, List.class);
        String error = exception == null ? "unknown error" : exception.getClass().getSimpleName() + ": "
                + exception.getMessage();
        LOG.warn("Inbound change event {} ({} {}) failed: {}", replayId, entity, ids, error);
        try {
            activityLog.recordAll((ids == null || ids.isEmpty() ? java.util.Collections.<String>singletonList(null)
                    : ids).stream()
                    .map(id -> Activity.inbound(entity, id, Outcome.FAILED, null, "INVALID_EVENT", error, replayId))
                    .toList());
        } catch (RuntimeException e) {
            LOG.error("Could not log the failure of event {}", replayId, e);
        }
    }

    @Override
    public void destroy() {
        restarts.shutdownNow();
    }
}
