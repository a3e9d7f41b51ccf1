package io.conversion.sync.inbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The message published on {@code conversion.workflow.triggers} for an applied inbound change (serialised as JSON
 * in this field order). Consumers dedupe by object + salesforceId + replayId.
 *
 * @param object             Lead, Contact or Account
 * @param conversionType     contact or company
 * @param changeType         CREATE, UPDATE, DELETE or UNDELETE, as the Conversion row saw it; MERGED when a Salesforce
 *                           merge deleted the record {@code salesforceId} into {@code masterRecordId}
 * @param conversionId       the Conversion row that stands for the record now (for MERGED: the surviving one)
 * @param masterRecordId     MERGED only: the Salesforce record that won the merge
 * @param mergedConversionId MERGED only: the Conversion row folded into {@code conversionId} (kept, marked merged),
 *                           absent when the surviving row simply follows the winner
 */
record WorkflowTrigger(String object, String conversionType, Long conversionId, String salesforceId,
        String changeType, List<String> changedFields, long commitTimestamp, String transactionKey, long replayId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String masterRecordId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long mergedConversionId) {

    WorkflowTrigger(String object, String conversionType, Long conversionId, String salesforceId, String changeType,
            List<String> changedFields, long commitTimestamp, String transactionKey, long replayId) {
        this(object, conversionType, conversionId, salesforceId, changeType, changedFields, commitTimestamp,
                transactionKey, replayId, null, null);
    }
}
