package io.conversion.sync.inbound;

import java.util.List;

/**
 * The message published on {@code conversion.workflow.triggers} for an applied inbound change (serialised as JSON
 * in this field order). Consumers dedupe by object + salesforceId + replayId.
 *
 * @param object         Lead, Contact or Account
 * @param conversionType contact or company
 * @param changeType     CREATE, UPDATE, DELETE or UNDELETE, as the Conversion row saw it
 */
record WorkflowTrigger(String object, String conversionType, Long conversionId, String salesforceId,
        String changeType, List<String> changedFields, long commitTimestamp, String transactionKey, long replayId) {
}
