package io.conversion.sync.contacts;

import java.time.Instant;

/** A Conversion contact and the Salesforce records it is linked to. */
public record Contact(Long id, String email, String firstName, String lastName, String title, String phone,
        String companyName, Long companyId, String source, String sfLeadId, String sfContactId, String sfAccountId,
        SyncStatus syncStatus, String syncError, Instant createdAt, Instant updatedAt) {

    public enum SyncStatus {
        /** Waiting to be sent to Salesforce. */
        PENDING,
        /** Created with skipInitialSync: stays local until synced on demand. */
        SKIPPED,
        /** Created while outbound sync was off (read-only mode): never sent retroactively. */
        NOT_SYNCED,
        /** Linked to its Salesforce record. */
        SYNCED,
        /** Salesforce refused it; see syncError and the activity log. Retriable. */
        FAILED
    }

    /** Lower-cased email: the unique key of contacts. */
    public static String emailKey(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
