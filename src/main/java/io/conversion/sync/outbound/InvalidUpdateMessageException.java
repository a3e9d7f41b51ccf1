package io.conversion.sync.outbound;

/** An update message that can never be applied (bad JSON, unknown field, unknown record): dead-lettered. */
public class InvalidUpdateMessageException extends RuntimeException {

    public InvalidUpdateMessageException(String message) {
        super(message);
    }
}
