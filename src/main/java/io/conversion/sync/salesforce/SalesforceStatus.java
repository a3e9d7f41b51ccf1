package io.conversion.sync.salesforce;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether Salesforce answers, as the last REST or login request told ({@link SalesforceAnswers} sees every one):
 * DOWN on a 503 or a request that got no answer (connection refused, reset), UP on any other answer. Work that needs
 * Salesforce waits while it is DOWN (outbound batches PENDING with {@link #waitReason}, re-reads pause the inbound
 * writer) and goes on by itself when an answer comes. One activity row per change of state, not one per retry.
 */
@Component("salesforceStatus")
public class SalesforceStatus {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceStatus.class);
    private static final Set<Integer> UNAVAILABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);
    private static final Set<String> UNAVAILABLE_CODES = Set.of("SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW",
            "API_CURRENTLY_DISABLED");

    public enum State {
        /** No request answered or failed yet (start-up). */
        UNKNOWN, UP, DOWN
    }

    /** The state, why, and since when. */
    public record Snapshot(State state, String reason, Instant since) {
    }

    private final ActivityLog activity;
    private final Clock clock;
    private final SalesforceStatusProperties properties;
    private volatile Snapshot current;
    private volatile Instant lastProbe = Instant.EPOCH;

    SalesforceStatus(ActivityLog activity, Clock clock, SalesforceStatusProperties properties) {
        this.activity = activity;
        this.clock = clock;
        this.properties = properties;
        this.current = new Snapshot(State.UNKNOWN, null, clock.instant());
    }

    public Snapshot snapshot() {
        return current;
    }

    public boolean isDown() {
        return current.state() == State.DOWN;
    }

    /** Salesforce answered (anything but unavailable). */
    public void answered() {
        Snapshot was = current;
        if (was.state() == State.UP) {
            return;
        }
        synchronized (this) {
            if (current.state() == State.UP) {
                return;
            }
            current = new Snapshot(State.UP, null, clock.instant());
        }
        if (was.state() == State.DOWN) {
            LOG.info("Salesforce answers again (down since {}): waiting work goes on", was.since());
            record(Outcome.APPLIED, "SALESFORCE_AVAILABLE", "Salesforce answers again; it was unavailable since "
                    + was.since() + " (" + was.reason() + ")");
        }
    }

    /** Salesforce answered unavailable (503), or not at all. */
    public void unavailable(String reason) {
        synchronized (this) {
            if (current.state() == State.DOWN) {
                return; // the reason and the time of the first failure stay: one entry per outage
            }
            current = new Snapshot(State.DOWN, reason, clock.instant());
        }
        LOG.warn("Salesforce unavailable ({}): work that needs it waits and is tried again until it answers", reason);
        record(Outcome.FAILED, "SALESFORCE_UNAVAILABLE", reason + "; waits and retries until Salesforce answers");
    }

    /** While DOWN: the reason a contact waits for, {@code SALESFORCE_UNAVAILABLE: ...}; null while it answers. */
    public String waitReason() {
        Snapshot s = current;
        return s.state() == State.DOWN
                ? "SALESFORCE_UNAVAILABLE: " + s.reason() + " (since " + s.since() + "); waits until Salesforce answers"
                : null;
    }

    /**
     * While DOWN, true at most once per {@code sync.salesforce.unavailable-recheck-interval}: one batch may try
     * (its answer tells whether Salesforce is back); the others wait. Always true while it answers.
     */
    public boolean probeDue() {
        if (!isDown()) {
            return true;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(lastProbe.plus(properties.unavailableRecheckInterval()))) {
                return false;
            }
            lastProbe = now;
            return true;
        }
    }

    /**
     * True when this failure, or one of its causes, says Salesforce could not serve the request now (503 and its
     * kin, a timeout, no answer at all) as opposed to a request it refused.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SalesforceException sf) {
                if (UNAVAILABLE_STATUS.contains(sf.getStatusCode())) {
                    return true;
                }
                List<RestError> errors = sf.getErrors();
                if (errors != null && errors.stream().anyMatch(e -> UNAVAILABLE_CODES.contains(e.getErrorCode()))) {
                    return true;
                }
                if (sf.getStatusCode() <= 0 && sf.getCause() == null) {
                    // No HTTP answer at all (connection refused, reset): the network, not the request.
                    return true;
                }
            }
        }
        return false;
    }

    private void record(Outcome outcome, String reason, String message) {
        try {
            activity.record(Activity.inbound(null, null, outcome, "CONNECT", reason, message, null));
        } catch (RuntimeException e) {
            LOG.warn("Could not log Salesforce's state ({}): {}", reason, e.getMessage());
        }
    }
}
