package io.conversion.sync.outbound;

/**
 * Salesforce refused a whole request of a batch (not a single record), e.g. a malformed query or missing
 * permission: retrying the same request cannot help, so its contacts are marked FAILED and dead-lettered at once.
 */
public class SalesforceRejectedBatchException extends RuntimeException {

    public SalesforceRejectedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
