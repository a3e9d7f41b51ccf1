package io.conversion.sync.emulator;

import java.util.ArrayDeque;
import java.util.Deque;

/** Faults for the next N REST calls / CometD connects / subscribes. Thread-safe. */
public final class FaultInjector {
    public enum RestFault { UNAVAILABLE, SESSION_EXPIRED, LIMIT_EXCEEDED, DELAY, APPLY_THEN_UNAVAILABLE, APPLY_THEN_DELAY,
        REFUSED, HOLD, REJECT }

    /**
     * {@code operation}: only a call of that operation (as counted by {@link ApiUsage}) takes it; null: any call.
     * {@code hold}: what a {@code HOLD} waits on; {@code errorCode}/{@code message}: what a {@code REJECT} answers with.
     */
    public record Fault(RestFault type, long delayMs, String operation, Hold hold, String errorCode, String message) {
        Fault(RestFault type, long delayMs, String operation) {
            this(type, delayMs, operation, null, null, null);
        }

        Fault(RestFault type, long delayMs, String operation, Hold hold) {
            this(type, delayMs, operation, hold, null, null);
        }

        Fault(RestFault type, long delayMs, String operation, String errorCode, String message) {
            this(type, delayMs, operation, null, errorCode, message);
        }
    }

    /**
     * A call held before it is served, until the test releases it (at most two minutes): what the service shows
     * while its request is in flight can be asserted without timing anything.
     */
    public static final class Hold {
        private final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        /** True once the held call arrived (waits up to {@code timeout}). */
        public boolean awaitReached(java.time.Duration timeout) throws InterruptedException {
            return reached.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Lets the held call be served. */
        public void release() {
            released.countDown();
        }

        void hold() {
            reached.countDown();
            try {
                released.await(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next call of {@code operation} waits until the returned hold is released, then is served normally. */
    public synchronized Hold holdOn(String operation) {
        Hold hold = new Hold();
        restFaults.add(new Fault(RestFault.HOLD, 0, operation, hold));
        return hold;
    }

    /**
     * The next {@code count} calls of {@code operation} are refused with 400 MALFORMED_QUERY (a request Salesforce
     * will never take: not retried as an outage is).
     */
    public synchronized FaultInjector refuseOn(String operation, int count) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(RestFault.REFUSED, 0, operation));
        return this;
    }

    private final Deque<Fault> restFaults = new ArrayDeque<>();
    private int unknownClientConnects;
    private final Deque<String> subscribeFailures = new ArrayDeque<>();
    private final Deque<String> bulkQueryFailures = new ArrayDeque<>();

    /** The next {@code count} Bulk API 2.0 query jobs end in state Failed with this errorMessage instead of JobComplete. */
    public synchronized FaultInjector failBulkQueries(String errorMessage, int count) {
        for (int i = 0; i < count; i++) bulkQueryFailures.add(errorMessage);
        return this;
    }

    synchronized String nextBulkQueryFailure() { return bulkQueryFailures.poll(); }

    /** Wall-clock end of an outage (System.nanoTime), or 0: none. */
    private long outageEndsNanos;

    /**
     * An outage: every REST call ({@code /services/data}) answers 503 SERVER_UNAVAILABLE for this long; login and
     * CometD keep working (change events are still delivered). {@link #clear} ends it early.
     */
    public synchronized FaultInjector outage(java.time.Duration duration) {
        outageEndsNanos = System.nanoTime() + Math.max(1, duration.toNanos());
        return this;
    }

    /** Is a REST outage on right now? */
    public synchronized boolean inOutage() {
        if (outageEndsNanos != 0 && System.nanoTime() - outageEndsNanos >= 0) {
            outageEndsNanos = 0;
        }
        return outageEndsNanos != 0;
    }

    /** The next {@code count} REST calls answer 503 SERVER_UNAVAILABLE. */
    public synchronized FaultInjector unavailable(int count) { return add(RestFault.UNAVAILABLE, 0, count); }

    /** The next {@code count} REST calls answer 401 INVALID_SESSION_ID (the client re-logs in and retries). */
    public synchronized FaultInjector sessionExpired(int count) { return add(RestFault.SESSION_EXPIRED, 0, count); }

    /**
     * The next {@code count} calls of one operation (e.g. {@code composite}, {@code composite.sobjects.create}) answer
     * 503 SERVER_UNAVAILABLE; other calls pass.
     */
    public synchronized FaultInjector unavailableOn(String operation, int count) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(RestFault.UNAVAILABLE, 0, operation));
        return this;
    }

    /** The next {@code count} calls of one operation answer 403 REQUEST_LIMIT_EXCEEDED; other calls pass. */
    public synchronized FaultInjector limitExceededOn(String operation, int count) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(RestFault.LIMIT_EXCEEDED, 0, operation));
        return this;
    }

    /** The next {@code count} REST calls answer 403 REQUEST_LIMIT_EXCEEDED. */
    public synchronized FaultInjector limitExceeded(int count) { return add(RestFault.LIMIT_EXCEEDED, 0, count); }

    /** The next {@code count} calls of one operation are delayed by {@code delayMs}, then served; other calls pass. */
    public synchronized FaultInjector slowOn(String operation, int count, long delayMs) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(RestFault.DELAY, delayMs, operation));
        return this;
    }

    /**
     * The next {@code count} calls of one operation are refused as a whole, {@code 400 [{"errorCode","message"}]}, as
     * Salesforce refuses a request it cannot read (e.g. {@code JSON_PARSER_ERROR}); nothing is applied.
     */
    public synchronized FaultInjector rejectOn(String operation, int count, String errorCode, String message) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(RestFault.REJECT, 0, operation, errorCode, message));
        return this;
    }

    /** The next {@code count} REST calls are delayed by {@code delayMs}, then served normally. */
    public synchronized FaultInjector slow(int count, long delayMs) { return add(RestFault.DELAY, delayMs, count); }

    /**
     * The next {@code count} REST calls are performed (records created, updated, ...) but answer 503
     * SERVER_UNAVAILABLE: the request was applied and its answer lost.
     */
    public synchronized FaultInjector applyThenFail(int count) { return add(RestFault.APPLY_THEN_UNAVAILABLE, 0, count); }

    /**
     * The next {@code count} calls of one operation (e.g. {@code composite.sobjects.create}) are performed, then
     * answer 503 SERVER_UNAVAILABLE: applied, answer lost; other calls pass.
     */
    public synchronized FaultInjector applyThenFailOn(String operation, int count) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(RestFault.APPLY_THEN_UNAVAILABLE, 0, operation));
        return this;
    }

    /**
     * The next {@code count} REST calls are performed at once, and their answer is sent {@code delayMs} later (longer
     * than the client's timeout: applied, the client saw a timeout).
     */
    public synchronized FaultInjector applyThenDelay(int count, long delayMs) {
        return add(RestFault.APPLY_THEN_DELAY, delayMs, count);
    }

    private FaultInjector add(RestFault t, long delay, int count) {
        for (int i = 0; i < count; i++) restFaults.add(new Fault(t, delay, null));
        return this;
    }

    /** The next {@code count} /meta/connect calls answer 403::Unknown client (advice handshake). */
    public synchronized FaultInjector unknownClientOnNextConnects(int count) {
        unknownClientConnects += count;
        return this;
    }

    /** The next {@code count} /meta/subscribe calls fail with this error, e.g. "401::Authentication invalid" or "403::Organization total events daily limit exceeded". */
    public synchronized FaultInjector failSubscribes(String error, int count) {
        for (int i = 0; i < count; i++) subscribeFailures.add(error);
        return this;
    }

    /** The fault the next call of this operation takes (the first queued one that applies to it), or null. */
    synchronized Fault nextRestFault(String operation) {
        for (var it = restFaults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.operation() == null || f.operation().equals(operation)) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    synchronized boolean takeUnknownClient() {
        if (unknownClientConnects > 0) {
            unknownClientConnects--;
            return true;
        }
        return false;
    }

    synchronized String nextSubscribeFailure() { return subscribeFailures.poll(); }

    public synchronized void clear() {
        restFaults.stream().filter(f -> f.hold() != null).forEach(f -> f.hold().release());
        restFaults.clear();
        outageEndsNanos = 0;
        unknownClientConnects = 0;
        subscribeFailures.clear();
        bulkQueryFailures.clear();
    }
}
