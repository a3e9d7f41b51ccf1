package io.conversion.sync.inbound;

import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.inbound.InboundFields.Seen;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field_state rows of one batch transaction: loaded for the batch's records in one query up front (a record
 * found otherwise, e.g. by email, is loaded on first use), changed in memory as the batch's events apply in order,
 * and written with one batched upsert at the end, in the batch's transaction.
 */
final class FieldStateBatch {

    private record Key(Target target, long id) {
    }

    private final FieldStateRepository repository;
    private final Map<Key, Map<String, FieldState>> loaded = new HashMap<>();
    private final Map<String, FieldState> dirty = new LinkedHashMap<>();

    FieldStateBatch(FieldStateRepository repository) {
        this.repository = repository;
    }

    /** Loads the rows of the Conversion records linked to these Salesforce ids (one query). */
    void preload(Collection<String> salesforceIds) {
        repository.findBySalesforceIds(salesforceIds).forEach((target, byId) -> byId.forEach(
                (id, states) -> loaded.put(new Key(target, id), new HashMap<>(states))));
    }

    /** The record's rows by Conversion field (as changed so far in this batch). */
    Map<String, FieldState> of(Target target, long id) {
        return loaded.computeIfAbsent(new Key(target, id), k -> new HashMap<>(repository.find(target, id)));
    }

    /** A record created in this batch: nothing to load. */
    void created(Target target, long id) {
        loaded.putIfAbsent(new Key(target, id), new HashMap<>());
    }

    /** Records what the change did to each touched field. */
    void record(Target target, long id, List<Seen> seen) {
        Map<String, FieldState> states = of(target, id);
        for (Seen s : seen) {
            String field = s.mapping().conversionField();
            FieldState next = states.getOrDefault(field, FieldState.empty(target, id, field))
                    .salesforceSeen(s.value(), s.changedAt(), s.applied());
            states.put(field, next);
            dirty.put(target + "/" + id + "/" + field, next);
        }
    }

    /** Replaces one row (a merge decided the field's value). */
    void put(FieldState state) {
        of(state.target(), state.targetId()).put(state.conversionField(), state);
        dirty.put(state.target() + "/" + state.targetId() + "/" + state.conversionField(), state);
    }

    /** Writes every changed row (one batched upsert). */
    void flush() {
        repository.saveAll(dirty.values());
        dirty.clear();
    }
}
