package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.data.LabelDelay;
import dev.descent.data.ListingClock;
import picocli.CommandLine.Option;

/** {@code --label-delay}: generated houses as listings and later sales, the same on every command that generates them. */
public final class LabelDelayOptions {

    @Option(names = "--label-delay", paramLabel = "DIST",
            description = "Generated houses come as a listing (no price), then its sale (the same key, only"
                    + " median_house_value) DIST later, both with their event time as the record timestamp, in"
                    + " event-time order. DIST: 30d, 12h, 90m, 45s or 0; or lognormal:MEDIAN[:SIGMA], e.g."
                    + " lognormal:30d (SIGMA " + LabelDelay.DEFAULT_SIGMA + " unless given). --records counts houses;"
                    + " unlabeled houses are listed and never sold.")
    private String labelDelay;

    @Option(names = "--listings-per-day", paramLabel = "R",
            description = "--label-delay: houses listed per simulated day; house n is listed at 2026-01-01T00:00Z"
                    + " + n/R days (default: " + (long) ListingClock.DEFAULT_LISTINGS_PER_DAY + ").")
    private Double listingsPerDay;

    /** Whether houses come as listings and sales. */
    public boolean given() {
        return labelDelay != null;
    }

    /** The delay as given, e.g. "30d". */
    public String text() {
        return labelDelay;
    }

    public LabelDelay delay() {
        try {
            return LabelDelay.parse(labelDelay);
        } catch (IllegalArgumentException e) {
            throw new UserException("--label-delay " + e.getMessage(), e);
        }
    }

    public ListingClock clock() {
        return new ListingClock(listingsPerDay == null ? ListingClock.DEFAULT_LISTINGS_PER_DAY : listingsPerDay);
    }

    /** Refuses a clock without a delay, and a rate that is not one. */
    void check() {
        if (labelDelay == null && listingsPerDay != null) {
            throw new UserException("--listings-per-day applies with --label-delay");
        }
        if (listingsPerDay != null && (!(listingsPerDay > 0) || Double.isInfinite(listingsPerDay))) {
            throw new UserException("--listings-per-day must be a number above 0, got " + listingsPerDay);
        }
    }
}
