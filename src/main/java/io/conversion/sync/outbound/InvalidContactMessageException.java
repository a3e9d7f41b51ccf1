package io.conversion.sync.outbound;

/**
 * A message on the new-contacts queue that can never be processed (bad JSON, no or invalid email, ...). It goes
 * to the dead-letter queue with this reason instead of being redelivered.
 */
public class InvalidContactMessageException extends RuntimeException {

    public InvalidContactMessageException(String reason) {
        super(reason);
    }
}
