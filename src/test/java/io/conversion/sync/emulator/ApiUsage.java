package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts API calls against the daily limit, over a rolling 24 h window as Salesforce does (per minute of the emulator's
 * clock: advance a {@link MutableClock} by 24 h and the calls made before are no longer counted), and per operation
 * (incl. oauth.* and cometd.*, which do not count against the limit).
 */
public final class ApiUsage {

    private final ArrayDeque<String> queries = new ArrayDeque<>();
    private static final long WINDOW_MINUTES = Duration.ofHours(24).toMinutes();
    private final Clock clock;
    private long dailyLimit;
    private final TreeMap<Long, Long> perMinute = new TreeMap<>();
    private long windowSum;
    private long total;
    private final Map<String, Long> byOperation = new TreeMap<>();
    /** How far the usage window's clock is ahead of the emulator's (see {@link #advanceWindow}). */
    private long windowSkewMillis;

    ApiUsage(Clock clock, long dailyLimit) {
        this.clock = clock;
        this.dailyLimit = dailyLimit;
    }

    private long minute() {
        return Math.floorDiv(clock.millis() + windowSkewMillis, 60_000L);
    }

    /** Records one API call that counts against the daily limit; returns false if the limit is now exceeded. */
    public synchronized boolean recordApiCall(String operation) {
        long m = minute();
        perMinute.merge(m, 1L, Long::sum);
        windowSum++;
        total++;
        byOperation.merge(operation, 1L, Long::sum);
        return usedToday() <= dailyLimit;
    }

    /** Records the SOQL of a REST query (the newest few kept), so that a test counting calls can say which. */
    public synchronized void recordQuery(String soql) {
        queries.addLast(soql.length() > 300 ? soql.substring(0, 300) + "…" : soql);
        if (queries.size() > 20) {
            queries.removeFirst();
        }
    }

    /** The newest REST queries since the last {@link #reset}. */
    public synchronized List<String> queries() {
        return List.copyOf(queries);
    }

    /** Records a call that does not count against the limit (oauth.*, cometd.*). */
    public synchronized void recordOther(String operation) {
        byOperation.merge(operation, 1L, Long::sum);
    }

    /** Calls in the last 24 h of the clock (calls "after" a clock set back are not counted). */
    public synchronized long usedToday() {
        long now = minute();
        while (!perMinute.isEmpty() && perMinute.firstKey() <= now - WINDOW_MINUTES) {
            windowSum -= perMinute.pollFirstEntry().getValue();
        }
        long future = 0;
        for (long v : perMinute.tailMap(now, false).values()) future += v;
        return windowSum - future;
    }

    public synchronized String limitInfo() {
        return "api-usage=" + usedToday() + "/" + dailyLimit;
    }

    public synchronized long dailyLimit() { return dailyLimit; }
    public synchronized void dailyLimit(long limit) { this.dailyLimit = limit; }

    public synchronized long remaining() { return Math.max(0, dailyLimit - usedToday()); }

    /** Sets the calls left in the window: as if {@code dailyLimit - remaining} calls had been made just now (they roll off in 24 h). */
    public synchronized void remaining(long remaining) {
        perMinute.clear();
        windowSum = Math.max(0, dailyLimit - remaining);
        if (windowSum > 0) perMinute.put(minute(), windowSum);
    }

    /**
     * Moves the usage window's clock on by {@code d} (the emulator's own clock is untouched): calls made more than 24 h
     * "ago" roll out of the allowance as in Salesforce, without making the shared org's records older.
     */
    public synchronized void advanceWindow(Duration d) { windowSkewMillis += d.toMillis(); }

    public synchronized long total() { return total; }

    public synchronized long count(String operation) {
        return byOperation.getOrDefault(operation, 0L);
    }

    public synchronized void reset() {
        total = 0;
        perMinute.clear();
        windowSum = 0;
        byOperation.clear();
        queries.clear();
    }

    public synchronized ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("total", total);
        ObjectNode ops = n.putObject("byOperation");
        byOperation.forEach(ops::put);
        n.putObject("dailyApiRequests").put("Max", dailyLimit).put("Remaining", remaining());
        return n;
    }
}
