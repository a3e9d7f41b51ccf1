package io.conversion.sync.activity;

import java.time.Instant;

/**
 * One batch the sync ran and what it did to its records.
 *
 * @param kind EVENTS (inbound change events), IMPORT_PAGE (initial import), CREATE or UPDATE (outbound)
 * @param objectTypes the Salesforce objects of its records, e.g. "Lead" or "Contact, Lead"
 * @param status COMPLETED, or FAILED when at least one record failed (each retriable from the batch's view)
 */
public record SyncBatch(long id, Instant startedAt, Instant finishedAt, Activity.Direction direction, String kind,
        String objectTypes, String status, int created, int updated, int deleted, int skipped, int failed,
        long durationMs) {
}
