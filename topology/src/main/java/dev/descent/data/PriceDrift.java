package dev.descent.data;

import java.util.List;
import java.util.Locale;

/**
 * One market move of {@link HouseGenerator}'s prices, so a demo can show learners following drift: a
 * factor on the true price of record n (counting from 0, as the keys {@code gen-<seed>-<n>} do).
 * <pre>
 * abrupt:AT:FACTOR            factor_n = 1 for n &lt; AT, FACTOR from AT on
 * gradual:FROM:TO:FACTOR      factor_n = 1 up to FROM, 1 + (FACTOR − 1)·(n − FROM)/(TO − FROM) between, FACTOR from TO on
 * region:NAME:AT:FACTOR       as abrupt, for the houses whose ocean_proximity is NAME (any case); 1 for the others
 * </pre>
 * The factor depends only on n and the house, never on what came before, so a generator that skips
 * to record n prices it as an uninterrupted run does.
 */
public final class PriceDrift {

    private static final String FORMS = "abrupt:AT:FACTOR, gradual:FROM:TO:FACTOR or region:NAME:AT:FACTOR";

    private final String spec;
    /** ocean_proximity as in {@link CaliforniaHousing#OCEAN_PROXIMITY}; null for every house. */
    private final String region;
    /** The ramp runs from record {@code from} to record {@code to}; an abrupt move has from == to. */
    private final long from;
    private final long to;
    private final double factor;

    private PriceDrift(String spec, String region, long from, long to, double factor) {
        this.spec = spec;
        this.region = region;
        this.from = from;
        this.to = to;
        this.factor = factor;
    }

    /**
     * A move written as one of the forms above, e.g. {@code abrupt:30000:1.3}.
     *
     * @throws IllegalArgumentException saying which part is wrong and what it must be, starting with the quoted spec
     */
    public static PriceDrift parse(String spec) {
        String[] parts = spec.split(":", -1);
        String kind = parts[0].toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "abrupt" -> {
                expectParts(spec, parts, "abrupt:AT:FACTOR");
                long at = wholeNumber(spec, "AT", parts[1]);
                yield new PriceDrift(spec, null, at, at, factor(spec, parts[2]));
            }
            case "gradual" -> {
                expectParts(spec, parts, "gradual:FROM:TO:FACTOR");
                long from = wholeNumber(spec, "FROM", parts[1]);
                long to = wholeNumber(spec, "TO", parts[2]);
                if (to <= from) {
                    throw new IllegalArgumentException(
                            "'" + spec + "': TO must be after FROM, got FROM " + from + " and TO " + to);
                }
                yield new PriceDrift(spec, null, from, to, factor(spec, parts[3]));
            }
            case "region" -> {
                expectParts(spec, parts, "region:NAME:AT:FACTOR");
                long at = wholeNumber(spec, "AT", parts[2]);
                yield new PriceDrift(spec, oceanProximity(spec, parts[1]), at, at, factor(spec, parts[3]));
            }
            default -> throw new IllegalArgumentException("'" + spec + "': expected " + FORMS);
        };
    }

    /** The factor on the true price of record {@code n}, a house of {@code oceanProximity}. */
    public double factor(long n, String oceanProximity) {
        if ((region != null && !region.equals(oceanProximity)) || n < from) {
            return 1;
        }
        if (n >= to) {
            return factor;
        }
        return 1 + (factor - 1) * (n - from) / (to - from);
    }

    /** The spec as it was given, e.g. {@code abrupt:30000:1.3}. */
    @Override
    public String toString() {
        return spec;
    }

    private static void expectParts(String spec, String[] parts, String form) {
        if (parts.length != form.split(":").length) {
            throw new IllegalArgumentException("'" + spec + "': expected " + form);
        }
    }

    private static long wholeNumber(String spec, String name, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below, as for a negative number
        }
        throw new IllegalArgumentException("'" + spec + "': " + name + " must be a whole number ≥ 0, got '" + text + "'");
    }

    private static double factor(String spec, String text) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below, as for a factor ≤ 0
        }
        throw new IllegalArgumentException("'" + spec + "': FACTOR must be a number > 0, got '" + text + "'");
    }

    private static String oceanProximity(String spec, String name) {
        List<String> names = CaliforniaHousing.OCEAN_PROXIMITY;
        return names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("'" + spec + "': NAME must be one of " + String.join(", ", names)
                        + " (any case), got '" + name + "'"));
    }
}
