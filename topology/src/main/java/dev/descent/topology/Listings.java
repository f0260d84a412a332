package dev.descent.topology;

import java.time.Duration;

/**
 * Whether houses come as two events, a listing and later its sale (see docs/listings.md), and the
 * event-time spans that bound what is kept for them.
 *
 * <p>With listings on, an input record without a label is a <em>listing</em>: every learner
 * predicts, and its features and predictions are kept under its key (the house id) until its
 * sale, a later record with the same key and a label. The sale is scored against the predictions
 * made at listing (the <em>delayed</em> error) and learned from the listing's features, the
 * sale's own features overriding them field by field.
 *
 * @param window how long a listing waits for its sale before it expires, and how long a sale is
 *               remembered to refuse its duplicates; event time
 * @param grace  how long a sale that came before its listing waits for it; event time, 0 to
 *               decide at once
 */
public record Listings(boolean on, Duration window, Duration grace) {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(180);
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
    /** Every record stands alone: labeled ones are learned at once, unlabeled ones only predicted. */
    public static final Listings OFF = new Listings(false, DEFAULT_WINDOW, DEFAULT_GRACE);

    public Listings {
        if (window.compareTo(Duration.ofMillis(1)) < 0 || grace.isNegative() || grace.compareTo(window) > 0) {
            throw new IllegalArgumentException("the label window must be positive and the sale grace within 0 and the"
                    + " window, got " + window + " and " + grace);
        }
    }

    public static Listings of(Duration window, Duration grace) {
        return new Listings(true, window, grace);
    }
}
