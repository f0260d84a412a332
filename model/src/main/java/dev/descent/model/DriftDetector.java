package dev.descent.model;

/**
 * Watches a stream of numbers, one at a time, for a change in its mean: fed a learner's squared
 * prediction errors, a detection says the learner has stopped fitting the data it now sees.
 *
 * <p>Implementations are scale-free (their settings are in units of the stream's own spread, so
 * errors in dollars² and in standard units behave alike), never throw or produce NaN on finite
 * input, and ignore non-finite values.
 */
public interface DriftDetector {
    /** Adds the next value; true when a change in the stream's mean is detected at this value. After a detection the detector starts afresh from the values that follow (its own rule: e.g. ADWIN keeps the window after the cut). */
    boolean add(double x);

    /** The detector's test statistic at the latest value, in its own documented unit (shown on drift records), NaN before any value. */
    double statistic();

    /** Detections so far. */
    long detections();

    void writeState(java.io.DataOutput out) throws java.io.IOException;

    /** Reads what writeState wrote, into a detector constructed with the same settings; throws IOException on corrupt/implausible sizes (bound every length read, e.g. by LearnerCodec.MAX_SIZE = 1<<16). */
    void readState(java.io.DataInput in) throws java.io.IOException;
}
