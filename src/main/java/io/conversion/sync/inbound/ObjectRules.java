package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inbound product rules of one synced object: what a created, updated, undeleted or deleted record does to
 * Conversion. Called by {@link InboundApplier} inside the batch writer's transaction, after the stale check.
 */
interface ObjectRules {

    SyncedObject object();

    /** Salesforce fields the rules follow besides the mapped ones (links, conversion), read on every re-read. */
    List<String> linkFields();

    /**
     * A created, updated, undeleted or re-read record.
     *
     * @param data the fields the event carries, or the whole record as read by SOQL
     * @param ts   the commit time to store with the record's state
     * @param rec  our state of the record, if any
     */
    void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<InboundRecord> rec,
            BatchResults out);

    /**
     * An import chunk's record known to be new to Conversion, as a creation to insert with the chunk's others (see
     * {@link PersonRules#creation}); empty (the default): applied by {@link #upsert}.
     */
    default Optional<PersonRules.Creation> creation(ChangeEvent e, String id, Map<String, Object> data, long ts,
            BatchResults out) {
        return Optional.empty();
    }

    /** Deleted in Salesforce (or gone when read again). */
    void delete(ChangeEvent e, String id, Optional<InboundRecord> rec, BatchResults out);
}
