package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(l)) continues bit-exactly where l left off, for every optimizer and model. */
class LearnerCodecTest {
    private static final int FEATURES = 3;

    static Stream<Arguments> learners() {
        List<Arguments> cases = new ArrayList<>();
        for (OptimizerSpec kind : Components.OPTIMIZERS) {
            double rate = kind instanceof RecursiveLeastSquares ? 1.0 : 0.01;
            cases.add(Arguments.of(kind.kind().toUpperCase(java.util.Locale.ROOT) + " linear",
                    LearnerConfig.builder("lin-" + kind.kind().toUpperCase(java.util.Locale.ROOT)).optimizer(kind)
                            .learningRate(rate).build()));
        }
        cases.add(Arguments.of("SGD linear mid-batch", LearnerConfig.builder("sgd-b8").batchSize(8).build()));
        cases.add(Arguments.of("ADAM linear mid-batch",
                LearnerConfig.builder("adam-b8").optimizer(new Adam()).batchSize(8).build()));
        cases.add(Arguments.of("MLP regression mid-batch", LearnerConfig.builder("mlp")
                .model(new MultilayerPerceptron(new int[] {4, 3}, Activation.RELU, 42)).optimizer(new Adam()).batchSize(8).build()));
        cases.add(Arguments.of("MLP classifier", LearnerConfig.builder("mlp-class").model(MultilayerPerceptron.ofHidden(5))
                .loss(new LogLoss()).threshold(0).scaleTarget(false).optimizer(new Momentum()).build()));
        cases.add(Arguments.of("logistic mid-batch", LearnerConfig.builder("logit").model(new LogisticRegression())
                .loss(new LogLoss()).threshold(0).scaleTarget(false).optimizer(new RmsProp())
                .batchSize(8).build()));
        cases.add(Arguments.of("huber, clipped, normalized, step schedule", LearnerConfig.builder("robust")
                .loss(new HuberLoss(0.5)).clipNorm(0.3).normalized(true)
                .schedule(Schedule.step(0.05, 5, 0.5)).scaleFeatures(false).batchSize(8).build()));
        cases.add(Arguments.of("diverged", LearnerConfig.builder("hot").learningRate(5.0).build()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldContinueBitExactlyAfterADecodeOfTheEncodedState(String name, LearnerConfig config) {
        roundTripThenContinue(name, config, false);
    }

    /** A missing value gives each feature its own count; the decoded scaler must keep them apart too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldContinueBitExactlyWhenValuesWentMissingBeforeTheEncode(String name, LearnerConfig config) {
        roundTripThenContinue(name, config, true);
    }

    private static void roundTripThenContinue(String name, LearnerConfig config, boolean missingBefore) {
        Random random = new Random(name.hashCode());
        Learner original = new Learner(config, FEATURES);
        for (int i = 0; i < 13; i++) {
            double[] x = record(random);
            if (missingBefore && i == 4) {
                x[1] = Double.NaN;
            }
            original.learn(x, label(x, random));
        }
        byte[] bytes = LearnerCodec.encode(original);
        Learner decoded = LearnerCodec.decode(bytes);
        assertSameState(original, decoded, "right after decoding");
        assertArrayEquals(bytes, LearnerCodec.encode(decoded), "re-encoding gives the same bytes");

        for (int i = 0; i < 60; i++) {
            double[] x = record(random);
            if (i % 7 == 3) {
                x[1] = Double.NaN;
            }
            double y = label(x, random);
            assertEquals(Double.doubleToRawLongBits(original.learn(x, y)), Double.doubleToRawLongBits(decoded.learn(x, y)),
                    "prediction of further record " + i);
            assertSameState(original, decoded, "after further record " + i);
        }
        assertArrayEquals(LearnerCodec.encode(original), LearnerCodec.encode(decoded));
    }

    private static double[] record(Random random) {
        return new double[] {random.nextGaussian() * 3 + 2, random.nextDouble() * 10, random.nextGaussian()};
    }

    private static double label(double[] x, Random random) {
        double x1 = Double.isNaN(x[1]) ? 5 : x[1];
        return 2 * x[0] - 0.5 * x1 + x[2] * x[2] + 0.1 * random.nextGaussian();
    }

    static void assertSameState(Learner a, Learner b, String when) {
        assertArrayEquals(MiniBatchTest.bits(a.parameters()), MiniBatchTest.bits(b.parameters()), "parameters " + when);
        double[] probe = {1, 2, 3};
        assertEquals(raw(a.predict(probe)), raw(b.predict(probe)), "predict " + when);
        assertEquals(a.features(), b.features());
        assertEquals(a.records(), b.records(), "records " + when);
        assertEquals(a.steps(), b.steps(), "steps " + when);
        assertEquals(a.skippedUpdates(), b.skippedUpdates(), "skippedUpdates " + when);
        assertEquals(a.pendingBatch(), b.pendingBatch(), "pendingBatch " + when);
        assertEquals(raw(a.lastPrediction()), raw(b.lastPrediction()), "lastPrediction " + when);
        assertEquals(raw(a.lastLoss()), raw(b.lastLoss()), "lastLoss " + when);
        assertEquals(raw(a.meanLoss()), raw(b.meanLoss()), "meanLoss " + when);
        assertEquals(raw(a.gradientNorm()), raw(b.gradientNorm()), "gradientNorm " + when);
        assertEquals(raw(a.weightNorm()), raw(b.weightNorm()), "weightNorm " + when);
        assertEquals(raw(a.learningRate()), raw(b.learningRate()), "learningRate " + when);
        assertEquals(raw(a.stabilityBound()), raw(b.stabilityBound()), "stabilityBound " + when);
        assertEquals(raw(a.perSampleBound()), raw(b.perSampleBound()), "perSampleBound " + when);
        assertEquals(a.status(), b.status(), "status " + when);
        assertEquals(a.divergence(), b.divergence(), "divergence " + when);
        assertEquals(a.divergedAtRecord(), b.divergedAtRecord(), "divergedAtRecord " + when);
        LearnerConfig ca = a.config();
        LearnerConfig cb = b.config();
        assertEquals(ca.id(), cb.id());
        assertEquals(ca.model(), cb.model());
        assertEquals(ca.loss(), cb.loss());
        assertEquals(ca.optimizer(), cb.optimizer());
        assertEquals(ca.schedule(), cb.schedule());
        assertEquals(ca.batchSize(), cb.batchSize());
        assertEquals(raw(ca.threshold()), raw(cb.threshold()));
        assertEquals(ca.scaleFeatures(), cb.scaleFeatures());
        assertEquals(ca.scaleTarget(), cb.scaleTarget());
        assertEquals(ca.normalized(), cb.normalized());
        assertEquals(raw(ca.clipNorm()), raw(cb.clipNorm()));
    }

    private static long raw(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
