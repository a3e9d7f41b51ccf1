package io.conversion.sync.outbound;

/**
 * Salesforce could not take an update batch right now (503, timeout, REQUEST_LIMIT_EXCEEDED, network): retried with
 * backoff by the error policy (an update is idempotent: sending it twice sets the same values), then the records are
 * FAILED, retriable.
 */
public class UpdateUnavailableException extends SalesforceUnavailableException {

    public UpdateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
