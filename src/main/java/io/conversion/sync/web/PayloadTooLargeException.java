package io.conversion.sync.web;

/** A request body over the size the API reads; answered with 413 and the message (see {@link ApiErrorHandler}). */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
