package dev.descent.evaluate;

import dev.descent.data.ListingClock;

/**
 * {@code evaluate --delay-days}: when a row is listed and when its label arrives. Row i (from 0, in
 * the order of the pass, bad rows counted) is listed at i / listingsPerDay days and sells
 * delayDays later, on the same {@link ListingClock} as {@code produce --generate --label-delay}, so
 * a generated file is learned in the order the generator sends its listings and sales.
 */
public record SaleTiming(double delayDays, double listingsPerDay) {

    public SaleTiming {
        if (!(delayDays >= 0) || Double.isInfinite(delayDays)) {
            throw new IllegalArgumentException("delay must be a number of days ≥ 0, got " + delayDays);
        }
        if (!(listingsPerDay > 0) || Double.isInfinite(listingsPerDay)) {
            throw new IllegalArgumentException("listings per day must be a number above 0, got " + listingsPerDay);
        }
    }

    ListingClock clock() {
        return new ListingClock(listingsPerDay);
    }

    long delayMillis() {
        return Math.round(delayDays * ListingClock.DAY_MILLIS);
    }
}
