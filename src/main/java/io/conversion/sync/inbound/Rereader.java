package io.conversion.sync.inbound;

import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.inbound.InboundBatchWriter.Item;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides which records of a batch cannot be applied from their event alone (gap events, an UPDATE of a record we
 * never synced, an overflow) and reads them from Salesforce in one query per object (per 200 ids), before the
 * batch's transaction. Failed queries are retried by the route inbound-salesforce-query.
 */
@Component
class Rereader {

    private final SalesforceReader salesforce;
    private final RecordLookup lookup;
    private final FieldMap fields;
    private final MergeLookup merges;
    private final OverflowRereads overflows;

    Rereader(SalesforceReader salesforce, RecordLookup lookup, FieldMap fields, MergeLookup merges,
            OverflowRereads overflows) {
        this.overflows = overflows;
        this.merges = merges;
        this.salesforce = salesforce;
        this.lookup = lookup;
        this.fields = fields;
    }

    /** The batch's re-reads, and which of its deleted records a merge deleted ({@link MergeLookup}). */
    Rereads read(List<Item> items) {
        return reread(items).withMasters(merges.masters(items));
    }

    private Rereads reread(List<Item> items) {
        Map<SyncedObject, Set<String>> idsByObject = new EnumMap<>(SyncedObject.class);
        Set<String> createdInBatch = new HashSet<>();
        for (Item item : items) {
            if (item.page() != null) {
                continue;
            }
            ChangeEvent e = item.event();
            if (item.decision() == InboundDecision.REREAD && e.changeType() == ChangeType.GAP_OVERFLOW) {
                overflows.reread(e); // its pages are applied now, each in its own transaction
            }
            List<String> ids = idsToReread(e, item.decision(), createdInBatch);
            if (!ids.isEmpty()) {
                idsByObject.computeIfAbsent(e.object(), k -> new LinkedHashSet<>()).addAll(ids);
            }
        }
        if (idsByObject.isEmpty()) {
            return Rereads.none();
        }
        Set<String> requested = new HashSet<>();
        Map<String, Map<String, Object>> byId = new HashMap<>();
        idsByObject.forEach((object, ids) -> {
            requested.addAll(ids);
            byId.putAll(salesforce.byIds(object, ids));
        });
        return new Rereads(requested, byId, Map.of());
    }

    /** Ids of this event that must be read from Salesforce before it can be applied. */
    private List<String> idsToReread(ChangeEvent e, InboundDecision d, Set<String> createdEarlierInBatch) {
        List<String> ids = new ArrayList<>();
        if (d == InboundDecision.REREAD && e.changeType() != ChangeType.GAP_OVERFLOW) {
            ids.addAll(e.recordIds());
        } else if (d == InboundDecision.APPLY && e.changeType() == ChangeType.UPDATE) {
            for (String id : e.recordIds()) {
                if (!createdEarlierInBatch.contains(id) && needsFullRecord(e, id)) {
                    ids.add(id);
                }
            }
        }
        if (d == InboundDecision.APPLY
                && (e.changeType() == ChangeType.CREATE || e.changeType() == ChangeType.UNDELETE)) {
            createdEarlierInBatch.addAll(e.recordIds());
        }
        return ids;
    }

    /** An UPDATE carries only what changed: enough for a record we hold, not for one we have never synced. */
    private boolean needsFullRecord(ChangeEvent e, String id) {
        Optional<InboundRecord> rec = lookup.known(e.object(), id);
        if (rec.isEmpty()) {
            return true;
        }
        return switch (rec.get().state()) {
            case LINKED, CONVERTED -> false;
            // An email arrived for a record skipped for lack of one: the rest of its fields are needed now.
            case NO_EMAIL -> fields.salesforceField(e.object(), ContactFields.EMAIL)
                    .map(f -> e.fields().get(f) != null).orElse(false);
            default -> true;
        };
    }
}
