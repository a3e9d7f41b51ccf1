package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;

/**
 * What the inbound sync knows about one Salesforce record (a row of {@code inbound_record}).
 *
 * @param commitTimestamp commit time (epoch ms) of the newest change applied, or SystemModstamp of a re-read
 */
record InboundRecord(String sfId, SyncedObject object, State state, Long contactId, Long companyId,
        long commitTimestamp) {

    /** Stored by name in {@code inbound_record.state}. */
    enum State {
        /** A Conversion row holds this Salesforce id. */
        LINKED,
        /** Skipped for lack of an email; its fields are read in full once an email arrives. */
        NO_EMAIL,
        /** A converted Lead: its Contact syncs instead. */
        CONVERTED,
        /** Deleted in Salesforce; the Conversion row stays and is linked again on undelete. */
        DELETED,
        /** Not applied (its email belongs to a contact linked to another record). */
        UNLINKED
    }

    boolean is(State s) {
        return state == s;
    }
}
