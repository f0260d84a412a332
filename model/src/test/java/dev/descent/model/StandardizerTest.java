package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void shouldMatchTwoPassMeanAndPopulationStandardDeviation() {
        // a large offset relative to the spread is where a naive Σx² formula loses digits
        double[][] columns = new double[3][5000];
        Random random = new Random(99);
        Standardizer s = new Standardizer(3);
        for (int i = 0; i < 5000; i++) {
            double[] x = {1e4 + 3 * random.nextGaussian(), -2 + 0.01 * random.nextDouble(), random.nextGaussian() * 1e3};
            for (int j = 0; j < 3; j++) {
                columns[j][i] = x[j];
            }
            s.update(x);
        }
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (double v : columns[j]) {
                mean += v;
            }
            mean /= columns[j].length;
            double squares = 0;
            for (double v : columns[j]) {
                squares += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(squares / columns[j].length);
            assertEquals(5000, s.count(j));
            assertEquals(mean, s.mean(j), 1e-12 * Math.abs(mean), "mean of feature " + j);
            assertEquals(std, s.standardDeviation(j), 1e-12 * std, "std of feature " + j);
        }
    }

    /** Values 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population variance 4, σ = 2. */
    @Test
    void shouldStandardizeAgainstHandComputedStatistics() {
        Standardizer s = new Standardizer(1);
        for (double v : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            s.update(new double[] {v});
        }
        assertEquals(5, s.mean(0), 1e-15);
        assertEquals(2, s.standardDeviation(0), 1e-15);
        assertEquals(1.5, s.transform(0, 8, true), 1e-14);
        assertEquals(8, s.transform(0, 8, false), 0.0);
        assertEquals(8, s.inverse(0, 1.5), 1e-14);
        double[] out = new double[1];
        s.transform(new double[] {3}, out, true);
        assertEquals(-1, out[0], 1e-14);
    }

    /**
     * The scaled transform is (x - μ)/σ with the running statistics. The class tracks 1/σ with one
     * Newton step per update (documented as exact to O(1/n²)); after a 3σ record at n = 1000 that
     * is a relative error of about 0.375·(z² - 1)²/n² ≈ 2e-5, hence the 1e-4 tolerance.
     */
    @Test
    void shouldScaleByTheRunningMeanAndStandardDeviation() {
        Standardizer s = new Standardizer(2);
        Random random = new Random(17);
        for (int i = 0; i < 1000; i++) {
            s.update(new double[] {50 + 4 * random.nextGaussian(), random.nextDouble()});
        }
        double[] out = new double[2];
        for (double[] x : new double[][] {{40, 0.1}, {55, 0.9}, {50.5, 0.5}}) {
            s.transform(x, out, true);
            for (int j = 0; j < 2; j++) {
                double exact = (x[j] - s.mean(j)) / s.standardDeviation(j);
                assertEquals(exact, out[j], 1e-4 * Math.abs(exact), "feature " + j + " at " + x[j]);
                assertEquals(out[j], s.transform(j, x[j], true), 0.0, "both transforms agree");
                assertEquals(x[j], s.inverse(j, out[j]), 1e-12 * Math.abs(x[j]), "inverse undoes transform");
            }
        }
    }

    @Test
    void shouldSkipMissingValuesAndImputeTheMean() {
        Standardizer s = new Standardizer(2);
        s.update(new double[] {1, 10});
        s.update(new double[] {Double.NaN, 20});
        s.update(new double[] {3, Double.NaN});
        s.update(new double[] {5, 30});
        assertEquals(3, s.count(0));
        assertEquals(3, s.count(1));
        assertEquals(3, s.mean(0), 1e-15);
        assertEquals(20, s.mean(1), 1e-15);
        assertEquals(Math.sqrt(8.0 / 3), s.standardDeviation(0), 1e-15);
        assertEquals(Math.sqrt(200.0 / 3), s.standardDeviation(1), 1e-13);

        double[] out = new double[2];
        s.transform(new double[] {Double.NaN, Double.NaN}, out, true);
        assertEquals(0, out[0], 0.0, "a missing value scales to 0");
        assertEquals(0, out[1], 0.0);
        s.transform(new double[] {Double.NaN, Double.NaN}, out, false);
        assertEquals(3, out[0], 0.0, "a missing value is the running mean when unscaled");
        assertEquals(20, out[1], 0.0);
    }

    @Test
    void shouldOnlyCentreAFeatureWithoutVariance() {
        Standardizer s = new Standardizer(1);
        assertEquals(4, s.transform(0, 4, true), 0.0, "no statistics yet: nothing to subtract");
        assertEquals(0, s.standardDeviation(0), 0.0);
        s.update(new double[] {7});
        s.update(new double[] {7});
        assertEquals(-3, s.transform(0, 4, true), 0.0);
        assertEquals(4, s.inverse(0, -3), 0.0);
    }
}
