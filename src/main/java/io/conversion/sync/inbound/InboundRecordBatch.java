package io.conversion.sync.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The inbound_record rows of one batch transaction: kept in memory as the batch's items apply in order (a later item
 * of the batch reads what an earlier one wrote) and written with one batched merge at the end, in the batch's
 * transaction, instead of an update-else-insert per record.
 */
final class InboundRecordBatch {

    private final InboundRecordRepository repository;
    private final Map<String, InboundRecord> pending = new LinkedHashMap<>();

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

    void save(InboundRecord r) {
        pending.put(r.sfId(), r);
    }

    /** Writes every row of the batch (one batched merge). */
    void flush() {
        repository.saveAll(pending.values());
        pending.clear();
    }
}
