package io.conversion.sync.outbound;

/**
 * Salesforce could not take a batch right now (503, timeout, REQUEST_LIMIT_EXCEEDED, network): the batch is
 * retried with backoff, then its contacts are marked FAILED and dead-lettered.
 */
public class SalesforceUnavailableException extends RuntimeException {

    public SalesforceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
