package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The status rule, one rule at a time, on windows of 10 records (blocks of one record, so the
 * batch-means variance is the independent one and the inflation is 1 unless a test says otherwise).
 * Labels alternate 0 and 100 unless a test says otherwise: the window's mean predictor (50) has an
 * MSE of 2,500, far above the errors used, so those windows are not poor.
 */
class LearnerStatusTest {

    /** A window of records with these squared errors: labels alternate 0 and 100, each prediction off by √e². */
    private static void addWindow(ErrorWindows windows, double... squaredErrors) {
        for (int i = 0; i < squaredErrors.length; i++) {
            double label = i % 2 == 0 ? 0 : 100;
            windows.add(label - Math.sqrt(squaredErrors[i]), label);
        }
    }

    /** Ten records whose squared errors alternate {@code a} and {@code b}. */
    private static double[] alternating(double a, double b) {
        double[] e2 = new double[10];
        for (int i = 0; i < 10; i++) {
            e2[i] = i % 2 == 0 ? a : b;
        }
        return e2;
    }

    private static ErrorWindows twoWindows(double[] before, double[] last) {
        ErrorWindows windows = new ErrorWindows(10);
        addWindow(windows, before);
        addWindow(windows, last);
        return windows;
    }

    @Test
    void shouldSayDivergedWhateverTheErrors() {
        ErrorWindows good = twoWindows(alternating(1, 3), alternating(1, 3));

        assertEquals(LearnerStatus.DIVERGED, LearnerStatus.of(Learner.Status.DIVERGED, good));
        assertEquals(LearnerStatus.DIVERGED, LearnerStatus.of(Learner.Status.DIVERGED, new ErrorWindows(10)));
    }

    /**
     * Labels 0, 10, 0, 10…: mean 5, so the mean predictor's MSE is 25. Predicting 5 throughout
     * misses every label by 5: MSE 25, not below 25 (R² = 0): poor. Predicting 6: misses of 6 and 4,
     * MSE (36 + 16)/2 = 26: poor. Predicting each label within 4: MSE 16 (R² = 0.36): not poor.
     */
    @Test
    void shouldSayPoorWhenTheLastWindowIsNoBetterThanItsMeanLabel() {
        assertEquals(LearnerStatus.POOR, LearnerStatus.of(Learner.Status.CONVERGED, predicting(i -> 5)));
        assertEquals(LearnerStatus.POOR, LearnerStatus.of(Learner.Status.CONVERGED, predicting(i -> 6)));
        assertEquals(LearnerStatus.LEARNING,
                LearnerStatus.of(Learner.Status.CONVERGED, predicting(i -> i % 2 == 0 ? 4 : 6)));
    }

    private static ErrorWindows predicting(IntToDoubleFunction prediction) {
        ErrorWindows windows = new ErrorWindows(10);
        for (int i = 0; i < 10; i++) {
            windows.add(prediction.applyAsDouble(i), i % 2 == 0 ? 0 : 10);
        }
        assertEquals(1, windows.completeWindows());
        return windows;
    }

    @Test
    void shouldNotSayPoorBeforeAWindowIsComplete() {
        ErrorWindows windows = new ErrorWindows(10);
        for (int i = 0; i < 9; i++) {
            windows.add(5, i % 2 == 0 ? 0 : 10);     // as poor as above, one record short of a window
        }

        assertEquals(LearnerStatus.LEARNING, LearnerStatus.of(Learner.Status.CONVERGED, windows));
    }

    @Test
    void shouldNotSayPoorForPerfectPredictionsOfAConstantLabel() {
        ErrorWindows windows = new ErrorWindows(10);
        for (int i = 0; i < 20; i++) {
            windows.add(7, 7);                      // MSE 0 and mean-predictor MSE 0: nothing to beat
        }

        assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(Learner.Status.CONVERGED, windows));
    }

    /**
     * Squared errors alternating 1 and 3 (MSE 2; Σe⁴ = 50, so var(e²) = (50 − 10·2²)/9 = 10/9 and
     * the MSE's squared standard error 1/9), then a window alternating 4 and 6 (MSE 5; Σe⁴ = 260,
     * squared standard error (260 − 250)/90 = 1/9): a rise of 3 = 2.5 times, with a standard error
     * of the difference √(2/9) = 0.471, 6.4 of them: drifting.
     */
    @Test
    void shouldSayDriftingWhenTheErrorRisesByAQuarterAndFiveStandardErrors() {
        ErrorWindows windows = twoWindows(alternating(1, 3), alternating(4, 6));

        assertEquals(2, windows.previous().mse(), 1e-12);
        assertEquals(5, windows.last().mse(), 1e-12);
        assertEquals(1.0 / 9, windows.previous().mseVariance(), 1e-12);
        assertEquals(1.0 / 9, windows.last().mseVariance(), 1e-12);
        assertEquals(1, windows.previous().inflation());
        assertEquals(LearnerStatus.DRIFTING, LearnerStatus.of(Learner.Status.CONVERGED, windows));
        assertEquals(LearnerStatus.DRIFTING, LearnerStatus.of(Learner.Status.LEARNING, windows));
    }

    /** From MSE 2 to 4 (alternating 3 and 5, again 1/9): twice the error, but 2/0.471 = 4.2 standard errors. */
    @Test
    void shouldNotSayDriftingForARiseWithinFiveStandardErrors() {
        ErrorWindows windows = twoWindows(alternating(1, 3), alternating(3, 5));

        assertEquals(4, windows.last().mse(), 1e-12);
        assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(Learner.Status.CONVERGED, windows));
    }

    /**
     * From MSE 100 (alternating 99 and 101) to 110 (109 and 111), each with squared standard error
     * 1/9: 21 standard errors, but only 1.1 times the error: a quiet stream's negligible rise.
     */
    @Test
    void shouldNotSayDriftingForARiseOfLessThanAQuarter() {
        ErrorWindows windows = twoWindows(alternating(99, 101), alternating(109, 111));

        assertEquals(1.0 / 9, windows.previous().mseVariance(), 1e-9);
        assertEquals(1.0 / 9, windows.last().mseVariance(), 1e-9);
        assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(Learner.Status.CONVERGED, windows));
    }

    /**
     * Windows of 20 records, blocks of 2. The earlier window: squared error 1 for ten records, then
     * 3 for ten (MSE 2, Σe⁴ = 100, independent squared standard error (100 − 80)/(20·19) = 1/19);
     * its block means are five 1s and five 3s, batch-means variance (50 − 40)/90 = 1/9, so its
     * errors vary 19/9 = 2.11 times as much as independence says. A last window of constant 3.5
     * rises by 1.5: 6.5 independent standard errors (√(1/19) = 0.229), but only 4.5 inflated ones
     * (√(1/9) = 0.333): not drifting. Constant 4 rises by 2, six inflated standard errors: drifting.
     */
    @Test
    void shouldWidenTheStandardErrorByTheEarlierWindowsCorrelatedErrors() {
        double[] before = new double[20];
        for (int i = 0; i < 20; i++) {
            before[i] = i < 10 ? 1 : 3;
        }
        ErrorWindows calmer = new ErrorWindows(20);
        addWindow(calmer, before);
        addWindow(calmer, constant(20, 3.5));
        ErrorWindows higher = new ErrorWindows(20);
        addWindow(higher, before);
        addWindow(higher, constant(20, 4));

        assertEquals(1.0 / 19, calmer.previous().mseVariance(), 1e-12);
        assertEquals(19.0 / 9, calmer.previous().inflation(), 1e-12);
        assertEquals(0, calmer.last().mseVariance(), 1e-12);
        assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(Learner.Status.CONVERGED, calmer));
        assertEquals(LearnerStatus.DRIFTING, LearnerStatus.of(Learner.Status.CONVERGED, higher));
    }

    private static double[] constant(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }

    /** Poor wins over drifting: a learner worse than the mean is poor, whatever made it so. */
    @Test
    void shouldSayPoorRatherThanDriftingWhenBothHold() {
        ErrorWindows windows = new ErrorWindows(10);
        addWindow(windows, alternating(1, 3));
        for (int i = 0; i < 10; i++) {
            windows.add(50 + (i % 2 == 0 ? 60 : -60), i % 2 == 0 ? 0 : 100);    // misses by 110: MSE 12,100 > 2,500
        }

        assertEquals(LearnerStatus.POOR, LearnerStatus.of(Learner.Status.CONVERGED, windows));
    }

    @Test
    void shouldSayConvergedOnlyWithTheGradientTestAndTwoCompleteWindows() {
        ErrorWindows one = new ErrorWindows(10);
        addWindow(one, alternating(1, 3));
        ErrorWindows two = twoWindows(alternating(1, 3), alternating(1, 3));

        assertEquals(LearnerStatus.LEARNING, LearnerStatus.of(Learner.Status.CONVERGED, new ErrorWindows(10)));
        assertEquals(LearnerStatus.LEARNING, LearnerStatus.of(Learner.Status.CONVERGED, one));
        assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(Learner.Status.CONVERGED, two));
        assertEquals(LearnerStatus.LEARNING, LearnerStatus.of(Learner.Status.LEARNING, two));
    }

    /**
     * A noiseless linear target (as in {@link LearnerHealthTest}): the gradient test passes after a
     * few hundred records, the status follows only once two windows of 1,000 back it.
     */
    @Test
    void shouldWaitForTwoWindowsBeforeCallingARealLearnerConverged() {
        Learner learner = new Learner(LearnerConfig.builder("calm").build(), 2);
        ErrorWindows windows = new ErrorWindows();
        Random random = new Random(11);
        for (int i = 1; i <= 2000; i++) {
            double[] x = {1 + 2 * random.nextGaussian(), -3 + 0.5 * random.nextGaussian()};
            double y = 3 * x[0] - 2 * x[1] + 1;
            windows.add(learner.learn(x, y), y);
            if (i == 1999) {
                assertEquals(Learner.Status.CONVERGED, learner.status());
                assertEquals(LearnerStatus.LEARNING, LearnerStatus.of(learner, windows),
                        "one window: too short to tell");
            }
        }

        assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(learner, windows));
    }

    /**
     * Independent errors, light- and heavy-tailed: Gaussian, Student-t with 3 degrees of freedom
     * (e⁴ has no mean, so single records dwarf their window), 1% outliers 30 times as wide, and
     * log-normal: 5,000 windows each, never drifting.
     */
    @Test
    void shouldPracticallyNeverSayDriftingOnAStationaryStream() {
        Random random = new Random(42);
        DoubleSupplier gaussian = random::nextGaussian;
        // Student-t with 3 degrees of freedom: finite variance, infinite fourth moment (e⁴ has no mean)
        DoubleSupplier studentT3 = () -> {
            double chi = 0;
            for (int k = 0; k < 3; k++) {
                double z = random.nextGaussian();
                chi += z * z;
            }
            return random.nextGaussian() / Math.sqrt(chi / 3);
        };
        DoubleSupplier outliers = () -> random.nextDouble() < 0.01 ? 30 * random.nextGaussian() : random.nextGaussian();
        DoubleSupplier logNormal = () -> Math.exp(1.5 * random.nextGaussian());
        String[] names = {"Gaussian", "Student-t 3", "1% outliers", "log-normal"};
        DoubleSupplier[] errors = {gaussian, studentT3, outliers, logNormal};
        for (int d = 0; d < errors.length; d++) {
            assertEquals(0, driftingWindows(errors[d], 5_000), names[d]);
        }
    }

    /** A record missed by {@code e}; labels alternate ±1,000, so the mean predictor (MSE 10⁶) is never the issue. */
    private static void addError(ErrorWindows windows, double e, int i) {
        double label = i % 2 == 0 ? -1000 : 1000;
        windows.add(label - e, label);
    }

    private static int driftingWindows(DoubleSupplier error, int windowCount) {
        ErrorWindows windows = new ErrorWindows();
        int drifting = 0;
        for (int w = 0; w < windowCount; w++) {
            for (int i = 0; i < windows.window(); i++) {
                addError(windows, error.getAsDouble(), i);
            }
            drifting += LearnerStatus.of(Learner.Status.CONVERGED, windows) == LearnerStatus.DRIFTING ? 1 : 0;
        }
        return drifting;
    }

    /**
     * Learners on a stationary noisy linear stream, errors correlated while their parameters
     * wander: SGD at a large step and recursive least squares, 500 windows each, never drifting.
     */
    @Test
    void shouldNotSayDriftingForALearnerOnAStationaryStream() {
        Random random = new Random(7);
        for (LearnerConfig config : new LearnerConfig[] {
                LearnerConfig.builder("sgd").learningRate(0.1).build(),
                LearnerConfig.builder("rls").optimizer(new RecursiveLeastSquares()).learningRate(1).build()}) {
            Learner learner = new Learner(config, 2);
            ErrorWindows windows = new ErrorWindows();
            for (int w = 0; w < 500; w++) {
                for (int i = 0; i < windows.window(); i++) {
                    double[] x = {1 + 2 * random.nextGaussian(), -3 + 0.5 * random.nextGaussian()};
                    double y = 1000 * (3 * x[0] - 2 * x[1] + 1 + random.nextGaussian());
                    windows.add(learner.learn(x, y), y);
                }
                assertNotEquals(LearnerStatus.DRIFTING, LearnerStatus.of(learner, windows),
                        config.id() + " after window " + (w + 1));
            }
            assertEquals(LearnerStatus.CONVERGED, LearnerStatus.of(learner, windows), config.id());
        }
    }

    /** Independent Gaussian errors whose spread doubles at a window's start: MSE × 4, drifting, then flat again. */
    @Test
    void shouldSayDriftingWhenTheNoiseJumpsAndStopOnceItIsFlat() {
        Random random = new Random(3);
        ErrorWindows windows = new ErrorWindows();
        for (int w = 0; w < 6; w++) {
            double sd = w < 3 ? 1 : 2;
            for (int i = 0; i < windows.window(); i++) {
                addError(windows, sd * random.nextGaussian(), i);
            }
            LearnerStatus expected = w < 2 ? (w == 0 ? LearnerStatus.LEARNING : LearnerStatus.CONVERGED)
                    : w == 3 ? LearnerStatus.DRIFTING : LearnerStatus.CONVERGED;
            assertEquals(expected, LearnerStatus.of(Learner.Status.CONVERGED, windows), "after window " + (w + 1));
        }
    }
}
