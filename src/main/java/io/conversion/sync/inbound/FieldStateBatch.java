package io.conversion.sync.inbound;

import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.inbound.InboundFields.Seen;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field_state rows of one batch transaction: loaded for the batch's records in one query up front (a record
 * found otherwise, e.g. by email, is loaded on first use), changed in memory as the batch's events apply in order,
 * and written with one batched upsert at the end, in the batch's transaction.
 */
final class FieldStateBatch {

    private record Key(Target target, long id) {
    }

    private record RowKey(Target target, long id, String field) {
    }

    private final FieldStateRepository repository;
    private final Map<Key, Map<String, FieldState>> loaded = new HashMap<>();
    private final Map<RowKey, FieldState> dirty = new LinkedHashMap<>();
    /** Records created in this batch: their rows are inserted, not merged. */
    private final Set<Key> created = new HashSet<>();

    FieldStateBatch(FieldStateRepository repository) {
        this.repository = repository;
    }

    /**
     * Loads the rows of the Conversion records linked to these Salesforce ids (one query). A record this batch holds
     * already keeps its rows as the batch changed them (the database has not seen those changes yet).
     */
    void preload(Collection<String> salesforceIds) {
        if (salesforceIds.isEmpty()) {
            return;
        }
        repository.findBySalesforceIds(salesforceIds).forEach((target, byId) -> byId.forEach(
                (id, states) -> loaded.putIfAbsent(new Key(target, id), new HashMap<>(states))));
    }

    /** The record's rows by Conversion field (as changed so far in this batch). */
    Map<String, FieldState> of(Target target, long id) {
        return loaded.computeIfAbsent(new Key(target, id), k -> new HashMap<>(repository.find(target, id)));
    }

    /** A record created in this batch: nothing to load. */
    void created(Target target, long id) {
        loaded.putIfAbsent(new Key(target, id), new HashMap<>());
        created.add(new Key(target, id));
    }

    /** Records what the change did to each touched field. */
    void record(Target target, long id, List<Seen> seen) {
        Map<String, FieldState> states = of(target, id);
        for (Seen s : seen) {
            String field = s.mapping().conversionField();
            FieldState next = states.getOrDefault(field, FieldState.empty(target, id, field))
                    .salesforceSeen(s.value(), s.changedAt(), s.applied());
            states.put(field, next);
            dirty.put(new RowKey(target, id, field), next);
        }
    }

    /** Replaces one row (a merge decided the field's value). */
    void put(FieldState state) {
        of(state.target(), state.targetId()).put(state.conversionField(), state);
        dirty.put(new RowKey(state.target(), state.targetId(), state.conversionField()), state);
    }

    /** Writes every changed row (one batched insert for created records, one batched upsert for the others). */
    void flush() {
        List<FieldState> inserts = new ArrayList<>();
        List<FieldState> merges = new ArrayList<>();
        for (FieldState s : dirty.values()) {
            (created.contains(new Key(s.target(), s.targetId())) ? inserts : merges).add(s);
        }
        repository.insertAll(inserts);
        repository.saveAll(merges);
        dirty.clear();
        created.clear();
    }
}
