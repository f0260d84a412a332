package dev.descent.data;

import java.time.Duration;

/**
 * How far a {@link HouseProducer} run has got.
 *
 * @param records records the cluster has acknowledged
 * @param elapsed time since the first send (waiting for the topic not included)
 */
public record ProduceProgress(long records, Duration elapsed) {

    /** Acknowledged records per second so far; 0 before any time has passed. */
    public double recordsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : records / (nanos / 1e9);
    }
}
