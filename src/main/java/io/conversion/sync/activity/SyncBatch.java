package io.conversion.sync.activity;

import java.time.Instant;

/**
 * One batch the sync ran and what it did to its records.
 *
 * @param kind EVENTS (inbound change events), IMPORT_PAGE (initial import), CREATE or UPDATE (outbound), RETRY
 *             (failed inbound records read again from Salesforce)
 * @param objectTypes the Salesforce objects of its records, e.g. "Lead" or "Contact, Lead"
 * @param finishedAt null while it runs
 * @param status IN_PROGRESS while it runs; COMPLETED, or FAILED when at least one record failed (each retriable from
 *               the batch's view); ABANDONED when the service stopped while it ran (see {@code note})
 * @param note why it was abandoned, else null
 */
public record SyncBatch(long id, Instant startedAt, Instant finishedAt, Activity.Direction direction, String kind,
        String objectTypes, String status, int created, int updated, int deleted, int skipped, int failed,
        long durationMs, String note) {
}
