package dev.descent.data;

/** Producing failed: the cluster cannot be reached, the topic is missing, or a send failed. The message is one line for the user. */
public final class ProduceException extends RuntimeException {
    public ProduceException(String message) {
        super(message);
    }

    public ProduceException(String message, Throwable cause) {
        super(message, cause);
    }
}
