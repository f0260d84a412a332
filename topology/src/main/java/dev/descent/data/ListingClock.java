package dev.descent.data;

import java.time.Instant;

/**
 * When house n (from 0) is listed: {@code start + n × (1 day / listingsPerDay)}, to the millisecond.
 * The generator's listing stream and {@code evaluate --delay-days} both read time from it, so an
 * offline run sees the listings and sales of a CSV file in the order the generator sends them.
 *
 * @param startMillis    epoch milliseconds of house 0's listing
 * @param listingsPerDay houses listed per day, above 0
 */
public record ListingClock(long startMillis, double listingsPerDay) {

    /** A fixed start, so two runs with the same seed send the same timestamps. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final double DEFAULT_LISTINGS_PER_DAY = 1000;
    public static final long DAY_MILLIS = 86_400_000L;

    public ListingClock {
        if (!(listingsPerDay > 0) || Double.isInfinite(listingsPerDay)) {
            throw new IllegalArgumentException("listings per day must be a number above 0, got " + listingsPerDay);
        }
    }

    /** From {@link #DEFAULT_START}. */
    public ListingClock(double listingsPerDay) {
        this(DEFAULT_START.toEpochMilli(), listingsPerDay);
    }

    /** Epoch milliseconds of house {@code n}'s listing. */
    public long listedAt(long n) {
        return startMillis + (long) Math.floor(n * DAY_MILLIS / listingsPerDay);
    }
}
