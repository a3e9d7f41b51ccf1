package io.conversion.sync.activity;

/** Filters of the activity log; null = any. */
public record ActivityQuery(Activity.Direction direction, Activity.Outcome outcome, String sfId, Long contactId,
        String reason, int limit) {
}
