package dev.descent.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Endless, seeded synthetic California-style census blocks whose price is a known linear function per
 * market plus Gaussian noise, so the best any learner can do is known: an RMSE of {@link #NOISE_STDDEV}
 * for one that prices each market by its own function, {@link #GLOBAL_LINEAR_RMSE} for one linear
 * function of every market.
 *
 * <h2>The price</h2>
 * Each ocean_proximity class is a market with its own offset and its own slopes on median_income and
 * housing_median_age; the other slopes are shared. Within a market the true price is linear in the
 * learner's encoded features (the 8 numeric columns as they are and ocean_proximity one-hot):
 * <pre>
 * truePrice = 240,000 + offset
 *           + income slope × (median_income − 3.5)
 *           +    age slope × (housing_median_age − 28)
 *           − 10,000 × (longitude + 119.5)        (west, towards the coast, is dearer)
 *           −  5,000 × (latitude − 35.5)
 *           +      8 × total_rooms
 *           −     30 × total_bedrooms
 *           −     10 × population
 *           +     20 × households
 *
 * market       offset    income slope   age slope
 * &lt;1H OCEAN          0         40,000       1,000
 * INLAND       −35,000         25,000         500
 * ISLAND      +150,000         40,000       1,000
 * NEAR BAY      +5,000         55,000       1,500
 * NEAR OCEAN   +10,000         45,000       1,000
 *
 * median_house_value = round(factor_n × truePrice + ε),   ε ~ Normal(0, NOISE_STDDEV²), NOISE_STDDEV = 20,000
 * </pre>
 * Expanded, that is {@link #trueIntercept(String)} plus {@link #trueWeights(String)} · features for the
 * house's market. The count terms nearly cancel for a block of typical make-up (5.3 rooms, 1.1 bedrooms
 * and 2.9 people per household), so they price the make-up of a block, not its size. True prices average
 * about 242,000 (standard deviation 79,000) and stay within about 50,000..935,000. Labels are not
 * clipped, since clipping would bend the linear function; none of 10,000,000 fell below zero.
 *
 * <p>A linear model per market can reach the noise: least squares per market on 1,000,000 houses has an
 * RMSE of 20,000 (19,999..20,013 for seeds 1, 2 and 42). One linear function of the encoded features
 * cannot follow the slopes apart, only the offsets: the best single least-squares fit on the same houses
 * is 26,960..26,975 off, {@link #GLOBAL_LINEAR_RMSE} (1.35 × the noise). The slopes are chosen for that
 * gap: wide enough that a model per market clearly wins over a run of 50,000 houses, its warm-up
 * included, and narrow enough that one global model stays a fair rival.
 *
 * <h2>Market moves</h2>
 * factor_n is 1 unless the generator is given {@link PriceDrift}s: then it is the product of their
 * factors for record n and its ocean_proximity (so a gradual rise and a regional crash combine). The
 * market moves the true price and leaves the noise as it is, so the floor of a learner per market stays
 * an RMSE of {@link #NOISE_STDDEV} before, during and after a move, and a learner's RMSE above it says
 * how far it is from the market of the moment; noise scaled with the price would move the floor with the
 * market. A move scales its markets' functions, slopes included, so each stays linear and a learner per
 * market can reach the floor again; one linear function of every market falls further behind, as it
 * already misses the slopes apart (on 1,000,000 houses: 30,860 once every house has moved × 1.3,
 * 31,210 once INLAND has moved × 0.7).
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

    /** Standard deviation of the label noise: the RMSE of the true price, the floor for a learner per market. */
    public static final double NOISE_STDDEV = 20_000;

    /**
     * The RMSE of the best single linear function of the encoded features over every market, by least squares on
     * 1,000,000 houses: the floor for a learner that prices every market with the same slopes.
     */
    public static final double GLOBAL_LINEAR_RMSE = 26_970;

    /** Per market, in {@link CaliforniaHousing#OCEAN_PROXIMITY} order: the table of the class comment. */
    private static final double[] OFFSET = {0, -35_000, 150_000, 5_000, 10_000};
    private static final double[] INCOME_SLOPE = {40_000, 25_000, 40_000, 55_000, 45_000};
    private static final double[] AGE_SLOPE = {1_000, 500, 1_000, 1_500, 1_000};

    /** Per market, its function expanded: the price where every encoded feature is 0, and the weights. */
    private static final double[] INTERCEPT = new double[OFFSET.length];
    private static final double[][] WEIGHTS = new double[OFFSET.length][];

    static {
        for (int m = 0; m < OFFSET.length; m++) {
            INTERCEPT[m] = 240_000 + OFFSET[m] - INCOME_SLOPE[m] * 3.5 - AGE_SLOPE[m] * 28 - 10_000 * 119.5
                    + 5_000 * 35.5;
            // longitude … median_income, then the one-hot: within a market it is constant, its offset is in INTERCEPT
            WEIGHTS[m] = new double[] {-10_000, -5_000, AGE_SLOPE[m], 8, -30, -10, 20, INCOME_SLOPE[m], 0, 0, 0, 0, 0};
        }
    }

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

    /** The true price of a house of {@code oceanProximity} whose encoded features are all 0 but its one-hot. */
    public static double trueIntercept(String oceanProximity) {
        return INTERCEPT[market(oceanProximity)];
    }

    /**
     * The weights of the true price of a house of {@code oceanProximity}, in
     * {@code CaliforniaHousing.schema().featureNames()} order: {@link #truePrice(double[])} is
     * {@link #trueIntercept(String)} plus these · features. The one-hot weights are 0.
     */
    public static double[] trueWeights(String oceanProximity) {
        return WEIGHTS[market(oceanProximity)].clone();
    }

    /** The noise-free price of an encoded feature vector (13 values, schema order), by its market's function. */
    public static double truePrice(double[] features) {
        int market = market(features);
        double price = INTERCEPT[market];
        for (int j = 0; j < features.length; j++) {
            price += WEIGHTS[market][j] * features[j];
        }
        return price;
    }

    private static int market(String oceanProximity) {
        int market = CaliforniaHousing.OCEAN_PROXIMITY.indexOf(oceanProximity);
        if (market < 0) {
            throw new IllegalArgumentException("ocean_proximity must be one of " + CaliforniaHousing.OCEAN_PROXIMITY
                    + ", got '" + oceanProximity + "'");
        }
        return market;
    }

    /** The market whose one-hot feature, after the 8 numeric ones, is 1. */
    private static int market(double[] features) {
        if (features.length != 8 + OFFSET.length) {
            throw new IllegalArgumentException("expected " + (8 + OFFSET.length) + " features, got " + features.length);
        }
        for (int m = 0; m < OFFSET.length; m++) {
            if (features[8 + m] == 1) {
                return m;
            }
        }
        throw new IllegalArgumentException("no ocean_proximity is 1 in the one-hot features");
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
