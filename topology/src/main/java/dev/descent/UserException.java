package dev.descent;

/** A problem the user can fix (bad file, bad flag value): printed as one clear line, exit code 1, no stack trace. */
public final class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
