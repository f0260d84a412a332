package dev.descent.topology;

/** An input record the topology cannot use, with the dead-letter reason and a human-readable detail. */
public final class InvalidHouseException extends Exception {
    private final DeadLetterReason reason;

    public InvalidHouseException(DeadLetterReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
