package io.conversion.sync.activity;

import java.time.Instant;

/**
 * Filters of the activity log; null = any. {@code from} inclusive, {@code to} exclusive; {@code beforeId} pages
 * backwards (rows with a smaller id, i.e. older).
 */
public record ActivityQuery(Activity.Direction direction, Activity.Outcome outcome, String sfId, Long contactId,
        String reason, String objectType, Instant from, Instant to, Long beforeId, int limit) {

    public ActivityQuery(Activity.Direction direction, Activity.Outcome outcome, String sfId, Long contactId,
            String reason, int limit) {
        this(direction, outcome, sfId, contactId, reason, null, null, null, null, limit);
    }
}
