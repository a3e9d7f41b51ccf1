package io.conversion.sync.inbound;

/** What the inbound routes decided for a change event before it reaches the batch writer. */
public enum InboundDecision {
    /** Apply the fields the event carries. */
    APPLY,
    /** Gap event: read the records again from Salesforce, then apply what was read. */
    REREAD,
    /** Our own write coming back: not applied again and nothing written (the outbound sync links the ids). */
    ECHO,
    /** The object's inbound toggle is off, or was off when the change was committed. */
    OBJECT_PAUSED
}
