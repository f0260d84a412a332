package dev.descent.model;

/** A record that cannot be learned from: names the field and why. Checked, so callers must route it somewhere. */
public final class InvalidRecordException extends Exception {
    private final String field;
    private final String reason;

    public InvalidRecordException(String field, String reason) {
        super(field == null ? reason : "column '" + field + "': " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The offending field, or null when the record as a whole is bad. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
