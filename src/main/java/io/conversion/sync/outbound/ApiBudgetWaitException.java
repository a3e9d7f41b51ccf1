package io.conversion.sync.outbound;

/**
 * A batch must wait for the org's daily API allowance (Salesforce answered REQUEST_LIMIT_EXCEEDED, or the budget
 * holds retries or all batches back near the reserve): its contacts go back to PENDING with the reason, never FAILED,
 * and leave again when the allowance recovers. The message starts with the reason code, e.g. {@code API_LIMIT_EXCEEDED: ...}.
 */
public class ApiBudgetWaitException extends RuntimeException {

    public ApiBudgetWaitException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The reason code, e.g. {@code API_BUDGET_RESERVE}. */
    public String code() {
        String m = String.valueOf(getMessage());
        int colon = m.indexOf(':');
        return colon > 0 ? m.substring(0, colon) : "API_BUDGET";
    }
}
