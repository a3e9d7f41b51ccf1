package io.conversion.sync.inbound;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records read again from Salesforce for one batch, before its transaction.
 *
 * @param requested the ids asked for (an id requested and not found is gone from Salesforce)
 * @param byId      the records found, by id
 * @param overflow  per GAP_OVERFLOW event, the object's records changed shortly before it
 */
record Rereads(Set<String> requested, Map<String, Map<String, Object>> byId,
        Map<ChangeEvent, List<Map<String, Object>>> overflow) {

    static Rereads none() {
        return new Rereads(Set.of(), Map.of(), Map.of());
    }
}
