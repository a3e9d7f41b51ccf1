package io.conversion.sync.outbound;

/**
 * Salesforce could not take an update batch right now (503, timeout, network): retried with backoff by the error policy
 * (an update is idempotent: sending it twice sets the same values), then the changes wait queued with the reason
 * ({@link OutboundWaits}) until Salesforce answers; never FAILED for it.
 */
public class UpdateUnavailableException extends SalesforceUnavailableException {

    public UpdateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
