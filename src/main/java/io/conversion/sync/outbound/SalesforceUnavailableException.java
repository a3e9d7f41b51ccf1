package io.conversion.sync.outbound;

/**
 * Salesforce could not take a batch right now (503, network; the daily API limit is {@link ApiBudgetWaitException}): the batch is
 * retried with backoff, then its contacts are marked FAILED and dead-lettered.
 */
public class SalesforceUnavailableException extends RuntimeException {

    public SalesforceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
