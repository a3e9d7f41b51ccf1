package io.conversion.sync.web;

/** A request that conflicts with the current state of the resource; answered with 409 and the message. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
