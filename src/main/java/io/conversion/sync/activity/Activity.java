package io.conversion.sync.activity;

import io.conversion.sync.salesforce.SyncedObject;
import java.time.Instant;

/**
 * One sync decision: what happened to which record, and why.
 *
 * @param reason  short machine-readable cause, e.g. NO_EMAIL, CONVERTED_LEAD, OBJECT_PAUSED, ECHO,
 *                SALESFORCE_ERROR, INVALID_MESSAGE
 * @param message human-readable detail, e.g. Salesforce's own error message
 * @param batchId  the {@code sync_batch} it was written with, null for a decision outside a batch
 */
public record Activity(Long id, Instant occurredAt, Direction direction, String objectType, String sfId, Long contactId,
        Long companyId, Outcome outcome, String action, String reason, String message, Long replayId, Long batchId) {

    /** A row not read back yet: its batch is given when it is written ({@link ActivityLog#recordBatch}). */
    public Activity(Long id, Instant occurredAt, Direction direction, String objectType, String sfId, Long contactId,
            Long companyId, Outcome outcome, String action, String reason, String message, Long replayId) {
        this(id, occurredAt, direction, objectType, sfId, contactId, companyId, outcome, action, reason, message,
                replayId, null);
    }

    public enum Direction {
        INBOUND, OUTBOUND
    }

    public enum Outcome {
        APPLIED, SKIPPED, FAILED
    }

    public static Activity inbound(String objectType, String sfId, Outcome outcome, String action, String reason,
            String message, Long replayId) {
        return new Activity(null, null, Direction.INBOUND, objectType, sfId, null, null, outcome, action, reason,
                message, replayId);
    }

    public static Activity outbound(SyncedObject object, String sfId, Long contactId, Outcome outcome, String action,
            String reason, String message) {
        return new Activity(null, null, Direction.OUTBOUND, object.sfName(), sfId, contactId, null, outcome, action,
                reason, message, null);
    }

    public Activity withContact(Long contactId, Long companyId) {
        return new Activity(id, occurredAt, direction, objectType, sfId, contactId, companyId, outcome, action, reason,
                message, replayId, batchId);
    }
}
