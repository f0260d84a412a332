package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused fast paths of the learning loop give the numbers of the plain ones they replace:
 * {@code Standardizer.learn} against Welford's statistics kept by hand, {@code Model.gradient}
 * against {@code outputGradient}, {@code Optimizer.step} against {@code computeStep}, the
 * layer-wide activations against the per-unit ones.
 */
class FusedPathTest {

    /**
     * Against Welford's statistics kept here, in the plain way: z = (x - μ)/σ with the exact σ,
     * to the accuracy of the tracked 1/σ (see StandardizerTest), also right after a jump.
     */
    @ParameterizedTest(name = "missing values: {0}")
    @ValueSource(booleans = {false, true})
    void shouldStandardizeWithTheRunningStatistics(boolean missing) {
        Standardizer fused = new Standardizer(3);
        long[] count = new long[3];
        double[] mean = new double[3];
        double[] m2 = new double[3];
        Random random = new Random(5);
        double[] out = new double[3];
        for (int i = 0; i < 3000; i++) {
            double[] x = {1e4 + 3 * random.nextGaussian(), random.nextDouble(), random.nextGaussian() * 1e3};
            if (missing && i % 11 == 4) {
                x[i % 3] = Double.NaN;
            }
            if (i == 2000) {
                x[2] = 1e5;     // a jump: the exact fallback
            }
            fused.learn(x, out, true);
            for (int j = 0; j < 3; j++) {
                if (!Double.isNaN(x[j])) {
                    count[j]++;
                    double d = x[j] - mean[j];
                    mean[j] += d / count[j];
                    m2[j] += d * (x[j] - mean[j]);
                }
                double sigma = Math.sqrt(m2[j] / count[j]);
                double expected = Double.isNaN(x[j]) ? 0 : (x[j] - mean[j]) / (sigma > 0 ? sigma : 1);
                assertEquals(count[j], fused.count(j));
                // the tracked 1/σ is off by about 0.375·(z² - 1)²/n² after a record that moved σ
                double tolerance = Math.pow((expected * expected + 1) / count[j], 2);
                assertEquals(expected, out[j], tolerance * Math.abs(expected) + 1e-9, "z of feature " + j + " at record " + i);
            }
        }
    }

    @Test
    void shouldReturnTheRawRecordWhenUnscaled() {
        Standardizer s = new Standardizer(2);
        double[] out = new double[2];
        s.learn(new double[] {1, 2}, out, true);
        s.learn(new double[] {3, -4}, out, false);
        assertArrayEquals(new double[] {3, -4}, out, 0.0);
        assertEquals(2, s.mean(0), 0.0);
    }

    @Test
    void shouldLearnOneValueLikeARecordOfOne() {
        Standardizer single = new Standardizer(1);
        Standardizer record = new Standardizer(1);
        double[] out = new double[1];
        Random random = new Random(9);
        for (int i = 0; i < 500; i++) {
            double v = 2e5 + 1e5 * random.nextGaussian();
            record.learn(new double[] {v}, out, true);
            assertEquals(Double.doubleToRawLongBits(out[0]), Double.doubleToRawLongBits(single.learn(v)), "value " + i);
        }
        assertEquals(0, single.learn(Double.NaN), 0.0, "a missing value is the mean");
        assertEquals(500, single.count(0));
    }

    static Stream<Model> models() {
        List<Model> models = new ArrayList<>();
        models.add(LinearModel.regression(3));
        models.add(LinearModel.logistic(3));
        for (Activation hidden : Activation.values()) {
            models.add(new Mlp(3, new int[] {5, 4}, hidden, Activation.IDENTITY).initialize(3));
        }
        return models.stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void shouldScaleTheOutputGradientAndReturnItsSquaredNorm(Model model) {
        Random random = new Random(13);
        double[] theta = model.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = random.nextGaussian();
        }
        int p = theta.length;
        for (int draw = 0; draw < 5; draw++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), 1};
            model.predict(x);
            double[] outputGradient = new double[p];
            model.outputGradient(outputGradient);
            double scale = -2.5 * random.nextDouble();
            double[] gradient = new double[p];
            double squaredNorm = model.gradient(scale, gradient);
            double expectedNorm = 0;
            for (int i = 0; i < p; i++) {
                assertEquals(scale * outputGradient[i], gradient[i], 1e-14 * Math.max(1, Math.abs(gradient[i])), "entry " + i);
                expectedNorm += gradient[i] * gradient[i];
            }
            assertEquals(expectedNorm, squaredNorm, 1e-12 * Math.max(1, expectedNorm));
        }
    }

    static java.util.stream.Stream<OptimizerSpec> optimizers() {
        return Components.OPTIMIZERS.stream();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void shouldStepLikeComputeStepThenAdd(OptimizerSpec kind) {
        int p = 4;
        Optimizer fused = kind.create(Schedule.constant(0.05), p);
        Optimizer plain = kind.create(Schedule.constant(0.05), p);
        Random random = new Random(21);
        double[] theta = new double[p];
        double[] expectedTheta = new double[p];
        double[] delta = new double[p];
        double[] expectedDelta = new double[p];
        for (long t = 1; t <= 50; t++) {
            double[] outputGradient = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), 1};
            double slope = random.nextGaussian();
            double[] gradient = new double[p];
            for (int i = 0; i < p; i++) {
                gradient[i] = slope * outputGradient[i];
            }
            fused.step(t, gradient, outputGradient, delta, theta);
            plain.computeStep(t, gradient, outputGradient, expectedDelta);
            for (int i = 0; i < p; i++) {
                expectedTheta[i] += expectedDelta[i];
            }
            assertArrayEquals(MiniBatchTest.bits(expectedDelta), MiniBatchTest.bits(delta), kind + " step " + t);
            assertArrayEquals(MiniBatchTest.bits(expectedTheta), MiniBatchTest.bits(theta), kind + " parameters " + t);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldApplyALayerAsEachUnitWould(Activation activation) {
        double[] z = {-2.5, -1, -0.0, 0, 0.3, 0.5, 0.999, 1, 1.7, 40};
        double[] a = new double[z.length];
        activation.apply(z, a);
        double[] d = new double[z.length];
        java.util.Arrays.fill(d, -1.5);
        activation.multiplyByDerivative(z, a, d);
        for (int i = 0; i < z.length; i++) {
            assertEquals(Double.doubleToRawLongBits(activation.apply(z[i])), Double.doubleToRawLongBits(a[i]), "f at " + z[i]);
            assertEquals(Double.doubleToRawLongBits(-1.5 * activation.derivative(z[i], a[i])),
                    Double.doubleToRawLongBits(d[i]), "f' at " + z[i]);
        }
    }

    /** The reported learning rate is computed when asked for; asking earlier or later changes nothing. */
    @Test
    void shouldReportTheSameLearningRateWhenAskedAtAnyTime() {
        LearnerConfig config = LearnerConfig.builder("lr").optimizer(new Adam()).learningRate(0.01).build();
        Learner eager = new Learner(config, 2);
        Learner lazy = new Learner(config, 2);
        Random random = new Random(17);
        for (int i = 0; i < 300; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            double y = 3 * x[0] - x[1];
            eager.learn(x, y);
            lazy.learn(x, y);
            assertTrue(i < 3 || eager.learningRate() > 0, "learning rate at record " + i);
        }
        assertEquals(Double.doubleToRawLongBits(eager.learningRate()), Double.doubleToRawLongBits(lazy.learningRate()));
        assertEquals(Double.doubleToRawLongBits(eager.gradientNorm()), Double.doubleToRawLongBits(lazy.gradientNorm()));
    }

    /**
     * The step lands in place: when it overflows a parameter, the learner must put back the
     * parameters it had, not keep the infinite ones. Unscaled, a rate of 1e300 times a gradient
     * of about 2e13 overflows on the first step while the gradient itself is finite.
     */
    @Test
    void shouldRestoreTheLastGoodParametersWhenAStepOverflowsThem() {
        LearnerConfig config = LearnerConfig.builder("overflow").learningRate(1e300)
                .scaleFeatures(false).scaleTarget(false).build();
        Learner learner = new Learner(config, 2);
        double[] before = learner.parameters();
        learner.learn(new double[] {1e3, 1e3}, 1e10);
        assertEquals(Learner.Divergence.NON_FINITE_PARAMETERS, learner.divergence());
        assertEquals(0, learner.steps());
        assertArrayEquals(MiniBatchTest.bits(before), MiniBatchTest.bits(learner.parameters()));
        assertTrue(Double.isFinite(learner.predict(new double[] {1, 2})));
    }

    /**
     * One pass screens a record: an infinite or too-large feature, or a non-finite label, rejects
     * it without touching the state; a NaN feature is only missing (imputed and learned).
     */
    @Test
    void shouldRejectOnlyRecordsThatWouldPoisonTheScalers() {
        Learner learner = new Learner(LearnerConfig.builder("screen").build(), 3);
        Random random = new Random(23);
        for (int i = 0; i < 20; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            learner.learn(x, x[0] - x[2]);
        }
        Learner untouched = LearnerCodec.decode(LearnerCodec.encode(learner));
        double[][] poisoned = {
            {1, Double.POSITIVE_INFINITY, 2}, {Double.NEGATIVE_INFINITY, 0, 0}, {0, 0, 2e15},
            {Double.NaN, -1e16, 0}, {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0}};
        for (double[] x : poisoned) {
            assertTrue(Double.isNaN(learner.learn(x, 1)), java.util.Arrays.toString(x));
        }
        for (double y : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -2e15}) {
            assertTrue(Double.isNaN(learner.learn(new double[] {1, 2, 3}, y)), "label " + y);
        }
        assertEquals(8, learner.rejectedRecords());
        assertEquals(untouched.records(), learner.records());

        double[] missing = {Double.NaN, 0.5, Double.NaN};
        double prediction = learner.learn(missing, 1);
        assertTrue(Double.isFinite(prediction), "a missing value is imputed, not rejected");
        assertEquals(Double.doubleToRawLongBits(untouched.learn(missing, 1)), Double.doubleToRawLongBits(prediction));
        assertArrayEquals(MiniBatchTest.bits(untouched.parameters()), MiniBatchTest.bits(learner.parameters()),
                "the rejected records left no trace in the scalers or parameters");
        assertEquals(8, learner.rejectedRecords());
        assertEquals(21, learner.records());
    }
}
