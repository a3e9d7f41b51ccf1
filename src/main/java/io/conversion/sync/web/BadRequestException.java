package io.conversion.sync.web;

import java.util.List;

/** A request the caller must fix; answered with 400 and the message (see {@link ApiErrorHandler}). */
public class BadRequestException extends RuntimeException {

    private final List<String> errors;

    public BadRequestException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
