package io.conversion.sync.inbound;

/** A streaming message that is not a change event we can read (missing header, unknown change type...). */
public class InvalidChangeEventException extends RuntimeException {

    public InvalidChangeEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
