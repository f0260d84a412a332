package dev.descent.jmh;

import java.util.SplittableRandom;

/**
 * A fixed pool of synthetic records shaped like California housing: 13 features of roughly unit
 * scale and a price-like label {@code y ≈ 200,000 ± 100,000} that is a known linear function of
 * them plus noise.
 *
 * <p>The pool is generated once, before measuring, and the benchmarks cycle through it, so they
 * time learning rather than random-number generation. It is a power of two long so the cycling
 * index wraps with a mask, and large enough (4096 × 14 doubles ≈ 460 KB) that the learner does
 * not see one record again for thousands of updates, yet small enough to stay in L2/L3 cache:
 * the benchmarks measure arithmetic, not memory bandwidth.
 */
final class SyntheticHousing {

    /** The California-housing feature count: 8 numeric columns + ocean_proximity one-hot over 5. */
    static final int FEATURES = 13;
    static final int POOL_SIZE = 4096;
    static final int MASK = POOL_SIZE - 1;

    private static final double MEAN_PRICE = 200_000;
    private static final double NOISE = 40_000;

    final double[][] x;
    final double[] y;

    private SyntheticHousing(double[][] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** The same pool for the same seed, so runs and benchmarks are comparable. */
    static SyntheticHousing generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // True weights, scaled so the signal's spread is ~90,000 and with noise ~100,000 in all.
        double[] w = new double[FEATURES];
        double norm = 0;
        for (int j = 0; j < FEATURES; j++) {
            w[j] = random.nextGaussian();
            norm += w[j] * w[j];
        }
        for (int j = 0; j < FEATURES; j++) {
            w[j] *= 90_000 / Math.sqrt(norm);
        }
        double[][] x = new double[POOL_SIZE][FEATURES];
        double[] y = new double[POOL_SIZE];
        for (int i = 0; i < POOL_SIZE; i++) {
            double label = MEAN_PRICE + NOISE * random.nextGaussian();
            for (int j = 0; j < FEATURES; j++) {
                // Standardized-ish, but not exactly: small offsets and scales give the online
                // standardizer real work, as raw census columns would.
                double v = 0.5 * j / FEATURES + (1 + 0.1 * j) * random.nextGaussian();
                x[i][j] = v;
                label += w[j] * v;
            }
            y[i] = label;
        }
        return new SyntheticHousing(x, y);
    }
}
