package io.conversion.sync.contacts;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Conversion contact and the Salesforce records it is linked to. Change one with {@link #toBuilder()} rather than
 * copying the fields by position.
 */
public record Contact(Long id, String email, String firstName, String lastName, String title, String phone,
        String companyName, Long companyId, String source, String sfLeadId, String sfContactId, String sfAccountId,
        SyncStatus syncStatus, String syncError, Instant createdAt, Instant updatedAt,
        Map<String, String> attributes) {

    /** Custom attributes (mapped from Salesforce custom fields such as Score__c), never null, sorted by name. */
    public Contact {
        attributes = Attributes.copy(attributes);
    }

    /** A contact without custom attributes. */
    public Contact(Long id, String email, String firstName, String lastName, String title, String phone,
            String companyName, Long companyId, String source, String sfLeadId, String sfContactId, String sfAccountId,
            SyncStatus syncStatus, String syncError, Instant createdAt, Instant updatedAt) {
        this(id, email, firstName, lastName, title, phone, companyName, companyId, source, sfLeadId, sfContactId,
                sfAccountId, syncStatus, syncError, createdAt, updatedAt, Map.of());
    }

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
        FAILED,
        /**
         * Its Salesforce record was deleted there (not merged): kept with its history; "sync now" (and, with
         * sync.outbound.recreate-deleted, its next Conversion change) creates it again.
         */
        DELETED_IN_SALESFORCE,
        /** Folded into another contact by a Salesforce merge ({@code merged_into_id}); kept, resolvable by its id. */
        MERGED
    }

    /** Not (or no longer) linked to Salesforce, and not merged away: a Salesforce record linked to it makes it SYNCED. */
    public boolean awaitingSalesforce() {
        return syncStatus != SyncStatus.SYNCED && syncStatus != SyncStatus.MERGED;
    }

    /** Lower-cased, normalised email ({@link Emails#key}): the unique key of contacts. */
    public static String emailKey(String email) {
        return Emails.key(email);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this contact's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.email = email;
        b.firstName = firstName;
        b.lastName = lastName;
        b.title = title;
        b.phone = phone;
        b.companyName = companyName;
        b.companyId = companyId;
        b.source = source;
        b.sfLeadId = sfLeadId;
        b.sfContactId = sfContactId;
        b.sfAccountId = sfAccountId;
        b.syncStatus = syncStatus;
        b.syncError = syncError;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.attributes = new TreeMap<>(attributes);
        return b;
    }

    /** Builds a {@link Contact}; unset values are null. */
    public static final class Builder {
        private Long id;
        private String email;
        private String firstName;
        private String lastName;
        private String title;
        private String phone;
        private String companyName;
        private Long companyId;
        private String source;
        private String sfLeadId;
        private String sfContactId;
        private String sfAccountId;
        private SyncStatus syncStatus;
        private String syncError;
        private Instant createdAt;
        private Instant updatedAt;
        private Map<String, String> attributes = new TreeMap<>();

        private Builder() {
        }

        public Builder id(Long v) { id = v; return this; }
        public Builder email(String v) { email = v; return this; }
        public Builder firstName(String v) { firstName = v; return this; }
        public Builder lastName(String v) { lastName = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder phone(String v) { phone = v; return this; }
        public Builder companyName(String v) { companyName = v; return this; }
        public Builder companyId(Long v) { companyId = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder sfLeadId(String v) { sfLeadId = v; return this; }
        public Builder sfContactId(String v) { sfContactId = v; return this; }
        public Builder sfAccountId(String v) { sfAccountId = v; return this; }
        public Builder syncStatus(SyncStatus v) { syncStatus = v; return this; }
        public Builder syncError(String v) { syncError = v; return this; }
        public Builder attributes(Map<String, String> v) { attributes = new TreeMap<>(v); return this; }

        /** Sets one custom attribute; null removes it. */
        public Builder attribute(String name, String value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        public Contact build() {
            return new Contact(id, email, firstName, lastName, title, phone, companyName, companyId, source, sfLeadId,
                    sfContactId, sfAccountId, syncStatus, syncError, createdAt, updatedAt, attributes);
        }
    }
}
