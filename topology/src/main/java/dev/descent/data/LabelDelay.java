package dev.descent.data;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long after its listing a house sells, i.e. how late its label arrives. Written as a
 * duration, {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or {@code 0} (every sale that long
 * after its listing), or as {@code lognormal:MEDIAN[:SIGMA]}, e.g. {@code lognormal:30d}: a
 * log-normal delay {@code MEDIAN × exp(SIGMA × Z)}, Z standard normal, SIGMA {@value #DEFAULT_SIGMA}
 * unless given. With SIGMA 0.5 half the sales close within the median, 90% within about 1.9 × it,
 * and the mean is about 1.13 × it: most houses sell within weeks of each other, a few take months.
 */
public sealed interface LabelDelay {

    /** The spread of a log-normal delay when its text gives none. */
    double DEFAULT_SIGMA = 0.5;

    String FORMS = "a duration such as 30d, 12h, 90m, 45s or 0, or lognormal:MEDIAN[:SIGMA] such as lognormal:30d"
            + " or lognormal:30d:0.8";

    /** The delay of one sale in milliseconds; a constant delay draws nothing from {@code random}. */
    long sampleMillis(Random random);

    /** Every sale exactly {@code millis} after its listing. */
    record Constant(long millis) implements LabelDelay {
        @Override
        public long sampleMillis(Random random) {
            return millis;
        }
    }

    /** {@code medianMillis × exp(sigma × Z)}, rounded to the millisecond. */
    record LogNormal(long medianMillis, double sigma) implements LabelDelay {
        @Override
        public long sampleMillis(Random random) {
            return Math.round(medianMillis * StrictMath.exp(sigma * random.nextGaussian()));
        }
    }

    /**
     * A delay written as in the class comment.
     *
     * @throws IllegalArgumentException saying what is wrong, starting with the quoted text
     */
    static LabelDelay parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (!parts[0].equalsIgnoreCase("lognormal")) {
            if (parts.length != 1) {
                throw new IllegalArgumentException("'" + text + "': expected " + FORMS);
            }
            return new Constant(millis(text, parts[0]));
        }
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("'" + text + "': expected lognormal:MEDIAN or lognormal:MEDIAN:SIGMA");
        }
        long median = millis(text, parts[1]);
        if (median == 0) {
            throw new IllegalArgumentException("'" + text + "': a log-normal MEDIAN must be above 0 (for no delay write 0)");
        }
        return new LogNormal(median, parts.length == 3 ? sigma(text, parts[2]) : DEFAULT_SIGMA);
    }

    private static long millis(String text, String duration) {
        if (duration.equals("0")) {
            return 0;
        }
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)([dhms])").matcher(duration.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "': '" + duration + "' is not a duration; write a number"
                    + " followed by d, h, m or s (days, hours, minutes, seconds), e.g. 30d, or 0");
        }
        long unit = switch (m.group(2)) {
            case "d" -> 86_400_000L;
            case "h" -> 3_600_000L;
            case "m" -> 60_000L;
            default -> 1_000L;
        };
        double millis = Double.parseDouble(m.group(1)) * unit;
        if (millis > 1e15) {
            throw new IllegalArgumentException("'" + text + "': '" + duration + "' is longer than any sale takes");
        }
        return Math.round(millis);
    }

    private static double sigma(String text, String sigma) {
        try {
            double value = Double.parseDouble(sigma);
            if (value >= 0 && value <= 5) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below, as for a SIGMA out of range
        }
        throw new IllegalArgumentException("'" + text + "': SIGMA must be a number within 0..5, got '" + sigma + "'");
    }
}
