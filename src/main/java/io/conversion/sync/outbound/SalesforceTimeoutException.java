package io.conversion.sync.outbound;

/**
 * Salesforce did not answer within the client's timeout. Unlike a 503, the request may still be running there and
 * create its records after we gave up: the retry waits longer before reconciling (sync.outbound.retry.timeout-delay-ms),
 * so that the reconciliation query sees what the timed-out request did.
 */
public class SalesforceTimeoutException extends SalesforceUnavailableException {

    public SalesforceTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
