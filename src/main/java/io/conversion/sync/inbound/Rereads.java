package io.conversion.sync.inbound;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records read again from Salesforce for one batch, before its transaction.
 *
 * @param requested the ids asked for (an id requested and not found is gone from Salesforce)
 * @param byId      the records found, by id
 * @param masters   deleted records that a merge deleted: loser id → the winner's id (MasterRecordId)
 */
record Rereads(Set<String> requested, Map<String, Map<String, Object>> byId,
        Map<String, String> masters) {

    static Rereads none() {
        return new Rereads(Set.of(), Map.of(), Map.of());
    }

    Rereads withMasters(Map<String, String> masters) {
        return masters.isEmpty() ? this : new Rereads(requested, byId, masters);
    }
}
