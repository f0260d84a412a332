package dev.descent.data;

/** Producing failed: the cluster cannot be reached, the topic is missing, or a send failed. The message is one line for the user. */
public final class ProduceException extends RuntimeException {
    private final boolean afterSending;

    public ProduceException(String message) {
        this(message, null, false);
    }

    public ProduceException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param afterSending whether records had been sent: some may be on the topic */
    public ProduceException(String message, Throwable cause, boolean afterSending) {
        super(message, cause);
        this.afterSending = afterSending;
    }

    /** True when the run failed after sending began, so a rerun should continue after what arrived. */
    public boolean afterSending() {
        return afterSending;
    }
}
