package io.conversion.sync.fields;

/** A field map that cannot be synced (unknown Conversion field, a field mapped twice, no email). */
public class InvalidFieldMapException extends RuntimeException {

    public InvalidFieldMapException(String message) {
        super(message);
    }
}
