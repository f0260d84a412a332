package dev.descent.model;

/**
 * Which records may touch a learner's state. Anything beyond ±{@link Schema#MAX_MAGNITUDE}
 * would poison the running statistics, so such a record is refused before it is looked at.
 */
final class RecordScreen {
    static final int REJECTED = 0;
    /** Within bounds, with a missing (NaN) feature. */
    static final int MISSING = 1;
    static final int COMPLETE = 2;

    private RecordScreen() {
    }

    /**
     * {@link #REJECTED} unless the label is finite and every present feature within
     * ±{@link Schema#MAX_MAGNITUDE} (anything else would poison the scalers), else whether a
     * feature is missing. The common case, every value within bounds, takes one pass of
     * comparisons with no branch per feature; only a record that fails it is looked at again.
     */
    static int screen(double[] x, int n, double y) {
        boolean inBounds = Math.abs(y) <= Schema.MAX_MAGNITUDE;
        for (int j = 0; j < n; j++) {
            inBounds &= Math.abs(x[j]) <= Schema.MAX_MAGNITUDE;     // false for NaN and ±∞ too
        }
        if (inBounds) {
            return COMPLETE;
        }
        if (!(Math.abs(y) <= Schema.MAX_MAGNITUDE)) {
            return REJECTED;
        }
        for (int j = 0; j < n; j++) {
            if (Math.abs(x[j]) > Schema.MAX_MAGNITUDE) {            // ±∞ too; NaN is a missing value
                return REJECTED;
            }
        }
        return MISSING;
    }
}
