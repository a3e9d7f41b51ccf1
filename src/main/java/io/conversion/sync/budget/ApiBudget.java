package io.conversion.sync.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The org's daily API allowance as the last Salesforce answer told it ({@code Sforce-Limit-Info: api-usage=USED/MAX},
 * read by {@link LimitInfoReader} on every answer: no call of its own), and what the sync may spend of it. Near the
 * reserve deferrable work (initial import, re-reads, retries) waits and outbound batches slow down; at the reserve, or
 * when Salesforce answers {@code REQUEST_LIMIT_EXCEEDED}, outbound waits too. Everything resumes by itself as the
 * allowance recovers (the rolling 24 h window): while work waits, {@code routes/salesforce-api-budget.camel.yaml}
 * reads the limits resource once per recheck interval, since no other answer would tell.
 * (Slightly over 250 lines: reading the usage, the levels and the waits are one state machine, read together.)
 */
@Component("apiBudget")
public class ApiBudget {

    private static final Logger LOG = LoggerFactory.getLogger(ApiBudget.class);
    private static final Pattern API_USAGE = Pattern.compile("(?:^|[\\s,;])api-usage=(\\d+)/(\\d+)");

    /** From least to most restricted. */
    public enum Level {
        /** Plenty left (or nothing known yet): everything runs. */
        NORMAL,
        /** Within the margin above the reserve: deferrable work waits, outbound batches are spaced out. */
        LOW,
        /** At or below the reserve: the rest is the other integrations'; outbound waits too. */
        RESERVE,
        /** Used up (or Salesforce answered REQUEST_LIMIT_EXCEEDED): every call would be refused. */
        EXHAUSTED
    }

    /** What health, metrics and the dashboard show. {@code used}, {@code max}... are -1 before the first answer. */
    public record Snapshot(long used, long max, long remaining, long reserve, Level level, Instant readAt,
            String waitingFor) {
    }

    private final ApiBudgetProperties properties;
    private final Clock clock;
    private long used = -1;
    private long max = -1;
    private Instant readAt;
    private Instant limitExceededAt;
    private Instant lastRecheckAt;
    private Instant lastOutboundBatchAt;
    private Level lastLevel = Level.NORMAL;

    ApiBudget(ApiBudgetProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** A {@code Sforce-Limit-Info} value, e.g. {@code api-usage=18/5000} (other parts are ignored). */
    public void read(String limitInfo) {
        if (limitInfo == null) {
            return;
        }
        Matcher m = API_USAGE.matcher(limitInfo.trim());
        if (m.find()) {
            record(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
    }

    public synchronized void record(long used, long max) {
        this.used = used;
        this.max = max;
        this.readAt = clock.instant();
        changed();
    }

    /** Salesforce refused a call with REQUEST_LIMIT_EXCEEDED: nothing is sent until the next recheck. */
    public synchronized void limitExceeded() {
        limitExceededAt = clock.instant();
        changed();
    }

    public synchronized Level level() {
        Instant now = clock.instant();
        if (limitExceededAt != null && now.isBefore(limitExceededAt.plus(properties.apiRecheckInterval()))) {
            return Level.EXHAUSTED;
        }
        if (max < 0) {
            return Level.NORMAL;
        }
        long remaining = remaining();
        if (remaining == 0) {
            return Level.EXHAUSTED;
        }
        if (remaining <= reserve()) {
            return Level.RESERVE;
        }
        return remaining <= reserve() + percentOfMax(properties.apiDeferMarginPercent()) ? Level.LOW : Level.NORMAL;
    }

    public synchronized Snapshot snapshot() {
        Level level = level();
        return new Snapshot(used, max, max < 0 ? -1 : remaining(), max < 0 ? -1 : reserve(), level, readAt,
                level == Level.NORMAL ? null : reason(level));
    }

    /** Why deferrable work (initial import, re-reads, retries) waits now; null when it may run. */
    public synchronized String deferrableWaitReason() {
        Level level = level();
        return level == Level.NORMAL ? null : reason(level);
    }

    /** Why outbound batches wait now; null when they may be sent. */
    public synchronized String outboundWaitReason() {
        Level level = level();
        return level.compareTo(Level.RESERVE) >= 0 ? reason(level) : null;
    }

    /**
     * Whether an outbound batch may be claimed now; true also notes it. Near the reserve at most one per
     * slow-batch interval, so contacts gather into fuller batches (fewer calls per contact).
     */
    public synchronized boolean claimOutboundBatch() {
        Level level = level();
        Instant now = clock.instant();
        if (level.compareTo(Level.RESERVE) >= 0) {
            return false;
        }
        if (level == Level.LOW && lastOutboundBatchAt != null
                && now.isBefore(lastOutboundBatchAt.plus(properties.apiSlowBatchInterval()))) {
            return false;
        }
        lastOutboundBatchAt = now;
        return true;
    }

    /**
     * Blocks while deferrable work must wait; {@code waiting} is told the reason once when it starts waiting and
     * {@code null} when it goes on.
     */
    public synchronized void awaitDeferrable(Consumer<String> waiting) throws InterruptedException {
        String reason = deferrableWaitReason();
        if (reason == null) {
            return;
        }
        LOG.info("Deferrable Salesforce work waits: {}", reason);
        waiting.accept(reason);
        while (deferrableWaitReason() != null) {
            // Woken by every answer read; the timeout re-evaluates a REQUEST_LIMIT_EXCEEDED pause as it ends.
            wait(Math.max(10, properties.apiRecheckInterval().toMillis()));
        }
        waiting.accept(null);
    }

    /**
     * Runs one deferrable Salesforce call (a re-read, a lookup before applying events): it waits for the allowance
     * first, and when Salesforce refuses it with REQUEST_LIMIT_EXCEEDED it waits and asks again instead of failing.
     */
    public <T> T deferrable(Supplier<T> call) {
        while (true) {
            try {
                awaitDeferrable(reason -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Salesforce API allowance", e);
            }
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!isLimitExceeded(e)) {
                    throw e;
                }
                limitExceeded();
            }
        }
    }

    /**
     * Whether the limits resource should be read now: only while work waits (otherwise the answers of the work
     * itself keep the budget current) and when no answer came within the recheck interval.
     */
    public synchronized boolean recheckDue() {
        if (level() == Level.NORMAL) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = latest(readAt, lastRecheckAt);
        if (last != null && now.isBefore(last.plus(properties.apiRecheckInterval()))) {
            return false;
        }
        lastRecheckAt = now;
        return true;
    }

    /** For routes: whether the exchange failed because Salesforce refused the call for the daily API limit. */
    public boolean refusedForLimit(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return isLimitExceeded(failure);
    }

    /** Whether a failure is Salesforce refusing a call because the org's API allowance is spent. */
    public static boolean isLimitExceeded(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getErrors() != null
                    && sf.getErrors().stream().anyMatch(e -> "REQUEST_LIMIT_EXCEEDED".equals(e.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    private long remaining() {
        return Math.max(0, max - used);
    }

    private long reserve() {
        return percentOfMax(properties.apiReservePercent());
    }

    private long percentOfMax(int percent) {
        return (max * percent + 99) / 100;
    }

    private String reason(Level level) {
        String usage = max < 0 ? "" : remaining() + " of " + max + " daily API requests left, ";
        return switch (level) {
            case NORMAL -> null;
            case LOW -> "API_BUDGET_LOW: " + usage + "near the reserve of " + reserve()
                    + " kept for the org's other integrations; waits until the allowance recovers";
            case RESERVE -> "API_BUDGET_RESERVE: " + usage + "at or below the reserve of " + reserve()
                    + " kept for the org's other integrations; waits until the allowance recovers";
            case EXHAUSTED -> "API_LIMIT_EXCEEDED: " + (max < 0 ? "" : used + " of " + max + " daily API requests used, ")
                    + "Salesforce refuses further calls; waits until the allowance recovers";
        };
    }

    private void changed() {
        Level level = level();
        if (level != lastLevel) {
            LOG.warn("Salesforce API budget {} → {} (used {} of {})", lastLevel, level, used, max);
            lastLevel = level;
        }
        notifyAll();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

}
