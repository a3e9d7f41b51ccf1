package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/** Counts API calls per day (against the daily limit) and per operation (incl. oauth.* and cometd.*, which do not count). */
public final class ApiUsage {
    private final Clock clock;
    private long dailyLimit;
    private LocalDate day;
    private long usedToday;
    private long total;
    private final Map<String, Long> byOperation = new TreeMap<>();

    ApiUsage(Clock clock, long dailyLimit) {
        this.clock = clock;
        this.dailyLimit = dailyLimit;
    }

    /** Records one API call that counts against the daily limit; returns false if the limit is now exceeded. */
    public synchronized boolean recordApiCall(String operation) {
        rollDay();
        usedToday++;
        total++;
        byOperation.merge(operation, 1L, Long::sum);
        return usedToday <= dailyLimit;
    }

    /** Records a call that does not count against the limit (oauth.*, cometd.*). */
    public synchronized void recordOther(String operation) {
        byOperation.merge(operation, 1L, Long::sum);
    }

    private void rollDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            usedToday = 0;
        }
    }

    public synchronized String limitInfo() {
        rollDay();
        return "api-usage=" + Math.min(usedToday, Math.max(usedToday, 0)) + "/" + dailyLimit;
    }

    public synchronized long usedToday() { rollDay(); return usedToday; }
    public synchronized long dailyLimit() { return dailyLimit; }
    public synchronized void dailyLimit(long limit) { this.dailyLimit = limit; }

    public synchronized long total() { return total; }

    public synchronized long count(String operation) {
        return byOperation.getOrDefault(operation, 0L);
    }

    public synchronized void reset() {
        total = 0;
        usedToday = 0;
        byOperation.clear();
    }

    public synchronized ObjectNode toJson() {
        rollDay();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("total", total);
        ObjectNode ops = n.putObject("byOperation");
        byOperation.forEach(ops::put);
        n.putObject("dailyApiRequests").put("Max", dailyLimit).put("Remaining", Math.max(0, dailyLimit - usedToday));
        return n;
    }
}
