package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.Map;

/**
 * One Salesforce change event, as the inbound routes see it: the CDC header plus the record fields it carries
 * (compound {@code Name} flattened to FirstName/LastName/Salutation).
 *
 * @param channel         streaming channel, e.g. /data/LeadChangeEvent
 * @param replayId        position of the event on its channel (increasing, not contiguous)
 * @param object          the changed object (Lead, Contact or Account)
 * @param recordIds       the records the change hit (several for a bulk change; none for GAP_OVERFLOW)
 * @param changeOrigin    API and client that made the change, e.g. com/salesforce/api/rest/56.0;client=conversion-sync
 * @param commitTimestamp commit time in Salesforce, epoch ms
 * @param changedFields   UPDATE: the fields that changed (flattened, e.g. LastName); empty otherwise
 * @param fields          the field values carried by the event
 */
public record ChangeEvent(String channel, long replayId, SyncedObject object, ChangeType changeType, List<String> recordIds,
        String changeOrigin, long commitTimestamp, long commitNumber, String transactionKey, long sequenceNumber,
        List<String> changedFields, Map<String, Object> fields) {

    public enum ChangeType {
        CREATE, UPDATE, DELETE, UNDELETE, GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE, GAP_OVERFLOW,
        /** Not a Salesforce change: a record read by the initial import (never parsed from an event). */
        IMPORT;

        public boolean gap() {
            return name().startsWith("GAP_");
        }
    }

    /** The object's Salesforce name, as activity rows store it. */
    public String entity() {
        return object.sfName();
    }

    /** Gap events carry no field data: the records are read again from Salesforce. */
    public boolean isGap() {
        return changeType.gap();
    }

    @Override
    public String toString() {
        return object + " " + changeType + " " + recordIds + " (replayId " + replayId + " on " + channel + ")";
    }
}
