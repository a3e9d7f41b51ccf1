package io.conversion.sync.outbound;

/** Salesforce refused an update request as a whole: retrying it cannot help, its records are FAILED at once. */
public class UpdateRejectedException extends SalesforceRejectedBatchException {

    public UpdateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
