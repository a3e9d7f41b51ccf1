package io.conversion.sync.inbound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inbound_record rows of one batch transaction: kept in memory as the batch's items apply in order (a later item
 * of the batch reads what an earlier one wrote) and written with one batched merge at the end, in the batch's
 * transaction, instead of an update-else-insert per record. Rows of records the batch knows are not stored (an import
 * chunk's lookups found no row) are inserted: a plain batched insert costs far less than the merge, and PostgreSQL's
 * driver sends it as multi-row inserts.
 */
final class InboundRecordBatch {

    private final InboundRecordRepository repository;
    private final Map<String, InboundRecord> pending = new LinkedHashMap<>();
    /** Ids with no stored row: nothing but this batch writes inbound_record until it flushes. */
    private final Set<String> unstored = new HashSet<>();

    InboundRecordBatch(InboundRecordRepository repository) {
        this.repository = repository;
    }

    /** The row written earlier in this batch, if any. */
    Optional<InboundRecord> pending(String sfId) {
        return Optional.ofNullable(pending.get(sfId));
    }

    /** The row as this batch left it so far, else as stored. */
    Optional<InboundRecord> find(String sfId) {
        InboundRecord r = pending.get(sfId);
        return r != null ? Optional.of(r) : repository.find(sfId);
    }

    /** Keeps the row; {@code unstored}: the database is known to have none for this id. */
    void save(InboundRecord r, boolean unstored) {
        pending.put(r.sfId(), r);
        if (unstored) {
            this.unstored.add(r.sfId());
        }
    }

    /** Writes every row of the batch (one batched insert of the unstored, one batched merge of the others). */
    void flush() {
        List<InboundRecord> inserts = new ArrayList<>();
        List<InboundRecord> merges = new ArrayList<>();
        for (InboundRecord r : pending.values()) {
            (unstored.contains(r.sfId()) ? inserts : merges).add(r);
        }
        repository.insertAll(inserts);
        repository.saveAll(merges);
        pending.clear();
        unstored.clear();
    }
}
