package io.conversion.sync.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Salesforce API requests used today against the org's daily limit, from the REST {@code limits} resource (through
 * camel-salesforce). Reading it is itself an API call, so it is asked at most once a minute and only when a page asks;
 * the Prometheus gauges report the last answer and never call Salesforce.
 */
@Component
class SalesforceApiUsage {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceApiUsage.class);
    static final Duration REFRESH = Duration.ofMinutes(1);

    /** {@code error} is set when the last attempt failed (then max/remaining are of the last success, or -1). */
    record Usage(int max, int remaining, Instant readAt, String error) {

        int used() {
            return max < 0 ? -1 : max - remaining;
        }
    }

    private final ProducerTemplate camel;
    private final Clock clock;
    private volatile Usage last;
    private volatile Instant lastAttempt;

    SalesforceApiUsage(ProducerTemplate camel, Clock clock) {
        this.camel = camel;
        this.clock = clock;
    }

    /** The cached usage, refreshed first when it is older than a minute. */
    synchronized Usage read() {
        Instant now = clock.instant();
        if (lastAttempt == null || Duration.between(lastAttempt, now).compareTo(REFRESH) >= 0) {
            lastAttempt = now;
            try {
                Limits limits = camel.requestBody("salesforce:limits", null, Limits.class);
                Limits.Usage daily = limits.getDailyApiRequests();
                last = new Usage(daily.getMax(), daily.getRemaining(), now, null);
            } catch (RuntimeException e) {
                LOG.debug("Salesforce limits not readable: {}", e.toString());
                Usage before = last;
                last = new Usage(before == null ? -1 : before.max(), before == null ? -1 : before.remaining(),
                        before == null ? null : before.readAt(), "Salesforce limits not readable: " + rootMessage(e));
            }
        }
        return last;
    }

    /** The last answer, without asking Salesforce (null before the first). */
    Usage cached() {
        return last;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
