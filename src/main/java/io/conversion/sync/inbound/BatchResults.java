package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules decided for one batch besides the data: activity rows and workflow triggers, in event order.
 * Written by the batch writer in the batch's transaction.
 */
final class BatchResults {

    private static final Set<String> SYSTEM_FIELDS = Set.of("Id", "CreatedDate", "CreatedById", "LastModifiedDate",
            "LastModifiedById", "OwnerId", "SystemModstamp", "IsDeleted");

    final List<Activity> activities = new ArrayList<>();
    final List<WorkflowTrigger> triggers = new ArrayList<>();
    /** The batch's field_state rows (provenance), written with the batch. */
    final FieldStateBatch fieldStates;
    /** The batch's inbound_record rows, written with the batch. */
    final InboundRecordBatch records;
    /** What Conversion holds for the import chunk being applied (nothing known outside one). */
    PageLookups lookups = PageLookups.none();

    BatchResults(FieldStateBatch fieldStates, InboundRecordBatch records) {
        this.fieldStates = fieldStates;
        this.records = records;
    }

    /** Records our state of a Salesforce record (written with the batch). */
    void saveRecord(InboundRecord r) {
        records.save(r, lookups.absentId(r.sfId())); // an import chunk's lookups know the ids with no row
        lookups.writtenId(r.sfId());
    }

    /** Writes the batch's field_state and inbound_record rows (one batched statement each). */
    void flush() {
        fieldStates.flush();
        records.flush();
    }

    /** Not applied, for this reason; the row names the Conversion row we hold for the record, if any. */
    void skip(ChangeEvent e, String id, String reason, String message, InboundRecord rec) {
        activities.add(Activity.inbound(e.entity(), id, Outcome.SKIPPED, null, reason, message, replay(e))
                .withContact(rec == null ? null : rec.contactId(), rec == null ? null : rec.companyId()));
    }

    /**
     * Applied: an activity row and, for a Salesforce change (not an import), a workflow trigger.
     *
     * @param action CREATED, UPDATED, DELETED or UNDELETED (of the Conversion row)
     */
    void applied(ChangeEvent e, String id, String action, Long contactId, Long companyId,
            List<String> changedFields) {
        if (e.changeType() == ChangeType.IMPORT) {
            // Not a change: no workflow trigger. What the import did to the Conversion row is in the message.
            activities.add(Activity.inbound(e.entity(), id, Outcome.APPLIED, "IMPORTED", null,
                    "Initial import: " + action + " " + String.join(",", changedFields), null)
                    .withContact(contactId, companyId));
            return;
        }
        activities.add(Activity.inbound(e.entity(), id, Outcome.APPLIED, action, null,
                e.changeType() + " " + String.join(",", changedFields), e.replayId())
                .withContact(contactId, companyId));
        boolean contact = e.object().target() == Target.CONTACT;
        triggers.add(new WorkflowTrigger(e.entity(), contact ? "contact" : "company", contact ? contactId : companyId,
                id, switch (action) {
                    case "CREATED" -> "CREATE";
                    case "DELETED" -> "DELETE";
                    case "UNDELETED" -> "UNDELETE";
                    default -> "UPDATE";
                }, changedFields, e.commitTimestamp(), e.transactionKey(), e.replayId()));
    }

    /**
     * A Salesforce merge followed: the record {@code loserId} was deleted into {@code masterId}. One MERGED activity
     * row (both Salesforce ids and both Conversion rows in the message) and one MERGED workflow trigger.
     *
     * @param survivorId the Conversion contact or company that stands for the winner now
     * @param mergedId   the Conversion row folded into it (kept, marked merged), or null when none was
     */
    void merged(ChangeEvent e, String loserId, String masterId, Long survivorId, Long mergedId, Long companyId,
            String message) {
        boolean contact = e.object().target() == Target.CONTACT;
        activities.add(Activity.inbound(e.entity(), loserId, Outcome.APPLIED, "MERGED", null, message, replay(e))
                .withContact(contact ? survivorId : null, contact ? companyId : survivorId));
        triggers.add(new WorkflowTrigger(e.entity(), contact ? "contact" : "company", survivorId, loserId, "MERGED",
                List.of(), e.commitTimestamp(), e.transactionKey(), e.replayId(), masterId, mergedId));
    }

    /**
     * A change decided field by field: applied as {@link #applied} if any field was (the fields whose mode kept the
     * Conversion value named in the message), else SKIPPED as CONVERSION_KEPT. A change that touched no mapped
     * field (a link such as a Contact's AccountId) is applied.
     */
    void appliedFields(ChangeEvent e, String id, String action, Long contactId, Long companyId,
            List<String> changedFields, InboundFields.Decision fields) {
        if (fields.keptOnly() && !"CREATED".equals(action)) {
            activities.add(Activity.inbound(e.entity(), id, Outcome.SKIPPED, null, "CONVERSION_KEPT",
                    "No field applied: " + fields.keptNote(), replay(e)).withContact(contactId, companyId));
            return;
        }
        applied(e, id, action, contactId, companyId, changedFields);
        if (!fields.kept().isEmpty()) {
            amendLast(a -> new Activity(null, null, a.direction(), a.objectType(), a.sfId(), a.contactId(),
                    a.companyId(), a.outcome(), a.action(), a.reason(), a.message() + "; " + fields.keptNote(),
                    a.replayId()));
        }
    }

    /** Replaces the last activity row (a rule adding detail to what it just logged). */
    void amendLast(java.util.function.UnaryOperator<Activity> change) {
        activities.set(activities.size() - 1, change.apply(activities.get(activities.size() - 1)));
    }

    /** An existing Conversion row written again: UNDELETED when the record comes back from a delete. */
    static String updateAction(ChangeEvent e, java.util.Optional<InboundRecord> rec) {
        return e.changeType() == ChangeType.UNDELETE || rec.map(r -> r.is(InboundRecord.State.DELETED)).orElse(false)
                ? "UNDELETED" : "UPDATED";
    }

    /** UPDATE: the fields Salesforce says changed; otherwise the fields the data carries. */
    static List<String> changedFields(ChangeEvent e, Map<String, Object> data) {
        if (e.changeType() == ChangeType.UPDATE && data == e.fields() && !e.changedFields().isEmpty()) {
            return e.changedFields().stream().filter(f -> !SYSTEM_FIELDS.contains(f)).toList();
        }
        return data.keySet().stream().filter(f -> !SYSTEM_FIELDS.contains(f)).toList();
    }

    /** A Salesforce value as Conversion stores it: trimmed, blank is null. */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** Activity rows of the initial import carry no replay id (they come from no event). */
    static Long replay(ChangeEvent e) {
        return e.changeType() == ChangeType.IMPORT ? null : e.replayId();
    }
}
