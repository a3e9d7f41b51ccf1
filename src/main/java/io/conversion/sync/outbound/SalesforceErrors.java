package io.conversion.sync.outbound;

import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.salesforce.SalesforceStatus;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.springframework.stereotype.Component;

/**
 * Turns a failed Salesforce request into the typed exception the error policy acts on: transient (retry with
 * backoff) or a refusal of the whole request (fail the batch at once).
 */
@Component("salesforceErrors")
public class SalesforceErrors {

    private final ApiBudget budget;

    SalesforceErrors(ApiBudget budget) {
        this.budget = budget;
    }

    /**
     * Always throws: {@link ApiBudgetWaitException} (the daily API limit: wait, never fail),
     * {@link SalesforceTimeoutException}, {@link SalesforceUnavailableException} or
     * {@link SalesforceRejectedBatchException}.
     */
    public void rethrow(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String message = message(failure);
        if (isLimitExceeded(failure)) {
            budget.limitExceeded();
            throw new ApiBudgetWaitException("API_LIMIT_EXCEEDED: " + message
                    + "; waits until the allowance recovers", failure);
        }
        if (isTimeout(failure)) {
            throw new SalesforceTimeoutException(message, failure);
        }
        if (isTransient(failure)) {
            throw new SalesforceUnavailableException(message, failure);
        }
        throw new SalesforceRejectedBatchException(message, failure);
    }

    /**
     * The same for an update batch: {@link ApiBudgetWaitException} for the daily API limit,
     * {@link UpdateUnavailableException} (timeouts included: an update is
     * idempotent, no reconciliation needed) or {@link UpdateRejectedException}.
     */
    public void rethrowUpdate(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        if (isLimitExceeded(failure)) {
            budget.limitExceeded();
            throw new ApiBudgetWaitException("API_LIMIT_EXCEEDED: " + message(failure)
                    + "; waits until the allowance recovers", failure);
        }
        if (isTimeout(failure) || isTransient(failure)) {
            throw new UpdateUnavailableException(message(failure), failure);
        }
        throw new UpdateRejectedException(message(failure), failure);
    }

    static boolean isLimitExceeded(Throwable failure) {
        return ApiBudget.isLimitExceeded(failure);
    }

    /** No answer within the client's timeout: the request may still be running in Salesforce. */
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransient(Throwable failure) {
        return SalesforceStatus.isUnavailable(failure);
    }

    static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getErrors() != null && !sf.getErrors().isEmpty()) {
                return "HTTP " + sf.getStatusCode() + " " + sf.getErrors().stream()
                        .map(e -> e.getErrorCode() + ": " + e.getMessage()).collect(Collectors.joining("; "));
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /** Salesforce's own words for a refused record, e.g. {@code DUPLICATES_DETECTED: Use one of these records?}. */
    static String describe(SaveSObjectResult result) {
        if (result == null) {
            return "no result returned by Salesforce";
        }
        if (result.getErrors() == null || result.getErrors().isEmpty()) {
            return "refused by Salesforce without a message";
        }
        return result.getErrors().stream().map(e -> e.getErrorCode() + ": " + e.getMessage())
                .collect(Collectors.joining("; "));
    }
}
