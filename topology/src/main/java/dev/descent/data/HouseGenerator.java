package dev.descent.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Endless, seeded synthetic California-style census blocks whose price is a known linear function
 * plus Gaussian noise, so the best any learner can do is known: an RMSE of {@link #NOISE_STDDEV}.
 *
 * <h2>The price</h2>
 * The true price is linear in the learner's encoded features (the 8 numeric columns as they are
 * and ocean_proximity one-hot), so a linear model on standardized features can reach the noise level:
 * <pre>
 * truePrice = 240,000
 *           + 40,000 × (median_income − 3.5)
 *           +  1,000 × (housing_median_age − 28)
 *           − 10,000 × (longitude + 119.5)        (west, towards the coast, is dearer)
 *           −  5,000 × (latitude − 35.5)
 *           +      8 × total_rooms
 *           −     30 × total_bedrooms
 *           −     10 × population
 *           +     20 × households
 *           + ocean_proximity: &lt;1H OCEAN 0, INLAND −35,000, ISLAND +150,000, NEAR BAY +5,000, NEAR OCEAN +10,000
 *
 * median_house_value = round(factor_n × truePrice + ε),   ε ~ Normal(0, NOISE_STDDEV²), NOISE_STDDEV = 20,000
 * </pre>
 * Expanded, that is {@link #TRUE_INTERCEPT} plus {@link #trueWeights()} · features. The count terms
 * nearly cancel for a block of typical make-up (5.3 rooms, 1.1 bedrooms and 2.9 people per household),
 * so they price the make-up of a block, not its size. True prices average about 240,000 (standard
 * deviation 80,000) and stay within about 30,000..750,000. Labels are not clipped, since clipping
 * would bend the linear function: about 2 in a million fall below zero.
 *
 * <h2>Market moves</h2>
 * factor_n is 1 unless the generator is given {@link PriceDrift}s: then it is the product of their
 * factors for record n and its ocean_proximity (so a gradual rise and a regional crash combine). The
 * market moves the true price and leaves the noise as it is, so the floor stays an RMSE of
 * {@link #NOISE_STDDEV} before, during and after a move, and a learner's RMSE above it says how far it
 * is from the market of the moment; noise scaled with the price would move the floor with the market.
 * A move of every house keeps the price linear in the features, so a linear learner can reach the floor
 * again; a regional move scales one category's slopes too, which no linear function of these features
 * follows exactly (once INLAND has moved × 0.7, the best least-squares fit is about 22,600 off).
 *
 * <h2>The columns</h2>
 * Drawn to look like the 1990 California census file: ocean_proximity with that file's frequencies
 * (44.3% &lt;1H OCEAN, 31.7% INLAND, 12.9% NEAR OCEAN, 11.1% NEAR BAY, 0.02% ISLAND); a position in
 * California that fits it (coastal categories near the coastline, mostly around Los Angeles and the
 * Bay Area, inland ones between the coast and the eastern border, islands off Long Beach), to two
 * decimals; housing_median_age uniform in 1..52; median_income log-normal (median 3.5, within
 * 0.5..15, four decimals); households log-normal (median 400, within 2..5,000), and total_rooms,
 * total_bedrooms and population as whole numbers consistent with it (rooms, a bedroom share of the
 * rooms, and people per household). Nothing is missing.
 *
 * <p>Deterministic: the same seed gives the same records on any JVM ({@link Random} and
 * {@link StrictMath} are specified bit for bit), and the unlabeled fraction changes only which
 * records lack a label, never the columns; market moves change only the labels. Keys are
 * {@code gen-<seed>-<n>}, n counting from 0. Not thread-safe.
 */
public final class HouseGenerator implements Iterator<HouseMessage> {

    /** Standard deviation of the label noise: the RMSE of the true price, the floor for any learner. */
    public static final double NOISE_STDDEV = 20_000;

    /** The price where every encoded feature is 0; 240,000 at the centre point of the formula above. */
    public static final double TRUE_INTERCEPT = 240_000 - 40_000 * 3.5 - 1_000 * 28 - 10_000 * 119.5 + 5_000 * 35.5;

    /** Per encoded feature, in {@code CaliforniaHousing.schema().featureNames()} order. */
    private static final double[] TRUE_WEIGHTS = {
            -10_000, -5_000, 1_000, 8, -30, -10, 20, 40_000,   // longitude … median_income
            0, -35_000, 150_000, 5_000, 10_000};                // <1H OCEAN, INLAND, ISLAND, NEAR BAY, NEAR OCEAN

    /** Shares in the 1990 census file (20,640 blocks), in {@link CaliforniaHousing#OCEAN_PROXIMITY} order. */
    private static final double[] OCEAN_PROXIMITY_SHARE = {0.4426, 0.3174, 0.0002, 0.1109, 0.1289};

    private final long seed;
    private final double unlabeledFraction;
    private final List<PriceDrift> drift;
    private final Random random;
    private long count;

    /** Every record labeled. */
    public HouseGenerator(long seed) {
        this(seed, 0);
    }

    /** @param unlabeledFraction chance, in [0, 1], that a record has no median_house_value (for live prediction) */
    public HouseGenerator(long seed, double unlabeledFraction) {
        this(seed, unlabeledFraction, List.of());
    }

    /**
     * @param unlabeledFraction chance, in [0, 1], that a record has no median_house_value (for live prediction)
     * @param drift the market moves, whose factors multiply; none for a steady market
     */
    public HouseGenerator(long seed, double unlabeledFraction, List<PriceDrift> drift) {
        if (!(unlabeledFraction >= 0 && unlabeledFraction <= 1)) {
            throw new IllegalArgumentException("unlabeled fraction must be within [0, 1], got " + unlabeledFraction);
        }
        this.seed = seed;
        this.unlabeledFraction = unlabeledFraction;
        this.drift = List.copyOf(drift);
        this.random = new Random(seed);
    }

    /** The weights of {@link #truePrice(double[])}, in {@code CaliforniaHousing.schema().featureNames()} order. */
    public static double[] trueWeights() {
        return TRUE_WEIGHTS.clone();
    }

    /** The noise-free price of an encoded California feature vector (13 values, schema order). */
    public static double truePrice(double[] features) {
        if (features.length != TRUE_WEIGHTS.length) {
            throw new IllegalArgumentException("expected " + TRUE_WEIGHTS.length + " features, got " + features.length);
        }
        double price = TRUE_INTERCEPT;
        for (int j = 0; j < features.length; j++) {
            price += TRUE_WEIGHTS[j] * features[j];
        }
        return price;
    }

    /** The key of record {@code n} (from 0) of the generator with {@code seed}. */
    public static String key(long seed, long n) {
        return keyPrefix(seed) + n;
    }

    /** The n of a key {@code gen-<seed>-<n>} the generator with {@code seed} writes; empty for any other key. */
    public static OptionalLong index(long seed, String key) {
        if (!key.startsWith(keyPrefix(seed))) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(key.substring(keyPrefix(seed).length()));
            return n >= 0 && key.equals(key(seed, n)) ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String keyPrefix(long seed) {
        return "gen-" + seed + "-";
    }

    /** Generates and drops the next {@code n} records: the one after is what a run that sent them sends next. */
    public HouseGenerator skip(long n) {
        for (long i = 0; i < n; i++) {
            nextHouse();
        }
        return this;
    }

    /** Records generated so far; the next key ends in this number. */
    public long count() {
        return count;
    }

    /** Always true: the generator never ends; see {@link #limit(long)}. */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public HouseMessage next() {
        return nextHouse().toMessage();
    }

    /** The next {@code n} records of this generator, as an iterator that then ends. */
    public Iterator<HouseMessage> limit(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot take a negative number of records: " + n);
        }
        long end = count + n;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return count < end;
            }

            @Override
            public HouseMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return HouseGenerator.this.next();
            }
        };
    }

    public GeneratedHouse nextHouse() {
        long n = count++;
        int proximity = proximity();
        // Rounded before placing the longitude, so that the position stays on the right side of the coast.
        double latitude = round(latitude(proximity), 2);
        double longitude = round(longitude(proximity, latitude), 2);
        double age = 1 + random.nextInt(52);
        double income = round(truncated(() -> 3.5 * StrictMath.exp(0.45 * random.nextGaussian()), 0.5, 15), 4);
        double households = Math.round(truncated(() -> 400 * StrictMath.exp(0.55 * random.nextGaussian()), 2, 5_000));
        double rooms = Math.round(households * truncated(() -> normal(5.3, 1.0), 2, 10));
        double bedrooms = Math.max(1, Math.round(rooms * truncated(() -> normal(0.21, 0.03), 0.1, 0.4)));
        double population = Math.round(households * truncated(() -> normal(2.9, 0.6), 1, 6));
        // Both always drawn, so the unlabeled fraction never shifts the columns of later records.
        double noise = NOISE_STDDEV * random.nextGaussian();
        boolean unlabeled = random.nextDouble() < unlabeledFraction;

        GeneratedHouse house = new GeneratedHouse(key(seed, n), longitude, latitude, age, rooms, bedrooms,
                population, households, income, CaliforniaHousing.OCEAN_PROXIMITY.get(proximity), Double.NaN);
        if (unlabeled) {
            return house;
        }
        double price = marketFactor(n, house.oceanProximity()) * house.truePrice();
        return house.withLabel(Math.round(price + noise));
    }

    /** factor_n of the class comment: 1 in a steady market, so its labels are those of a generator without drift. */
    private double marketFactor(long n, String oceanProximity) {
        double factor = 1;
        for (PriceDrift move : drift) {
            factor *= move.factor(n, oceanProximity);
        }
        return factor;
    }

    private int proximity() {
        double u = random.nextDouble();
        for (int i = 0; i < OCEAN_PROXIMITY_SHARE.length - 1; i++) {
            u -= OCEAN_PROXIMITY_SHARE[i];
            if (u < 0) {
                return i;
            }
        }
        return OCEAN_PROXIMITY_SHARE.length - 1;
    }

    private double latitude(int proximity) {
        return switch (CaliforniaHousing.OCEAN_PROXIMITY.get(proximity)) {
            case "ISLAND" -> uniform(33.33, 33.45); // Santa Catalina
            case "NEAR BAY" -> uniform(37.35, 38.30);
            case "INLAND" -> mixture(0.35, 34.1, 0.3, 0.45, 35.0, 40.5); // Inland Empire, Central Valley
            default -> mixture(0.5, 33.95, 0.35, 0.3, 36.9, 38.1);      // Los Angeles, Bay Area
        };
    }

    private double longitude(int proximity, double latitude) {
        double coast = CaliforniaGeography.coastLongitude(latitude);
        return switch (CaliforniaHousing.OCEAN_PROXIMITY.get(proximity)) {
            case "ISLAND" -> uniform(-118.55, -118.30);
            case "NEAR BAY" -> coast + uniform(0.05, 0.6);
            case "NEAR OCEAN" -> coast + uniform(0, 0.25);
            case "<1H OCEAN" -> coast + uniform(0.15, 1.2);
            default -> coast + uniform(1.0, CaliforniaGeography.eastLongitude(latitude) - coast);
        };
    }

    /**
     * A latitude within the state: with probability {@code pCity} near {@code cityLatitude}
     * (normal, spread {@code citySpread}), with probability {@code pBand} uniform in [bandFrom, bandTo],
     * otherwise anywhere from south to north.
     */
    private double mixture(double pCity, double cityLatitude, double citySpread, double pBand, double bandFrom,
                           double bandTo) {
        double u = random.nextDouble();
        DoubleSupplier draw = u < pCity ? () -> normal(cityLatitude, citySpread)
                : u < pCity + pBand ? () -> uniform(bandFrom, bandTo)
                : () -> uniform(CaliforniaGeography.SOUTH, CaliforniaGeography.NORTH);
        return truncated(draw, CaliforniaGeography.SOUTH, CaliforniaGeography.NORTH);
    }

    private double normal(double mean, double stddev) {
        return mean + stddev * random.nextGaussian();
    }

    private double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** Draws again until the value falls within [min, max]: a truncated distribution, no pile-up at the bounds. */
    private static double truncated(DoubleSupplier draw, double min, double max) {
        double v = draw.getAsDouble();
        while (v < min || v > max) {
            v = draw.getAsDouble();
        }
        return v;
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
