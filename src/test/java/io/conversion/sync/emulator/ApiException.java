package io.conversion.sync.emulator;

import java.util.List;

/** A Salesforce API error: HTTP status plus one {@code {message, errorCode, fields}} entry. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String errorCode;
    private final List<String> fields;

    public ApiException(int status, String errorCode, String message, List<String> fields) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public ApiException(int status, String errorCode, String message) {
        this(status, errorCode, message, List.of());
    }

    public int status() { return status; }
    public String errorCode() { return errorCode; }
    public List<String> fields() { return fields; }

    static ApiException notFound() {
        return new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
    }
}
