package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MiniBatchTest {

    @Test
    void shouldMatchAHandLoopOfLinearModelAndSgdBitForBitWithBatchSizeOne() {
        // inverse scaling makes the step depend on t, so the learner must also pass the right update count
        Schedule schedule = Schedule.inverseScaling(0.05, 0.5);
        Learner learner = new Learner(LearnerConfig.builder("b1").schedule(schedule).batchSize(1)
                .scaleFeatures(false).scaleTarget(false).initialParameters(0.1, -0.2, 0.3).build(), 2);
        LinearModel model = LinearModel.regression(2);
        System.arraycopy(new double[] {0.1, -0.2, 0.3}, 0, model.parameters(), 0, 3);
        Optimizer sgd = new Sgd().create(schedule, 3);
        Loss loss = Loss.squared();
        double[] outputGradient = new double[3];
        double[] gradient = new double[3];
        double[] delta = new double[3];

        Random random = new Random(2024);
        for (int t = 1; t <= 200; t++) {
            double[] x = {random.nextGaussian(), random.nextDouble() * 2 - 1};
            double y = 1.5 * x[0] - 0.5 * x[1] + 0.25 + 0.1 * random.nextGaussian();

            double expected = model.predict(x);
            model.outputGradient(outputGradient);
            double slope = loss.gradient(expected, y);
            for (int i = 0; i < 3; i++) {
                gradient[i] = slope * outputGradient[i];
            }
            sgd.computeStep(t, gradient, outputGradient, delta);
            for (int i = 0; i < 3; i++) {
                model.parameters()[i] += delta[i];
            }

            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(learner.learn(x, y)),
                    "prediction of record " + t);
            assertArrayEquals(bits(model.parameters()), bits(learner.parameters()), "parameters after record " + t);
        }
        assertEquals(200, learner.steps());
        assertEquals(0, learner.pendingBatch());
    }

    /**
     * Four records at θ0 = (w = (0.5, -0.3), b = 0.2), η = 0.1, B = 4; gradients 2(ŷ - y)·(x, 1):
     *
     * <pre>
     *   x = (1, 2),    y = 1:  ŷ = 0.5 - 0.6 + 0.2   = 0.1    2(ŷ-y) = -1.8   g = (-1.8, -3.6, -1.8)
     *   x = (0, 1),    y = -1: ŷ = 0 - 0.3 + 0.2     = -0.1   2(ŷ-y) = 1.8    g = (0, 1.8, 1.8)
     *   x = (2, -1),   y = 3:  ŷ = 1 + 0.3 + 0.2     = 1.5    2(ŷ-y) = -3     g = (-6, 3, -3)
     *   x = (-1, 0.5), y = 0:  ŷ = -0.5 - 0.15 + 0.2 = -0.45  2(ŷ-y) = -0.9   g = (0.9, -0.45, -0.9)
     *   sum (-6.9, 0.75, -3.9), mean (-1.725, 0.1875, -0.975)
     *   θ1 = θ0 - 0.1·mean = (0.6725, -0.31875, 0.2975)
     * </pre>
     */
    @Test
    void shouldApplyTheAveragedGradientOnceTheBatchIsFull() {
        double[] theta0 = {0.5, -0.3, 0.2};
        Learner learner = new Learner(LearnerConfig.builder("b4").learningRate(0.1).batchSize(4)
                .scaleFeatures(false).scaleTarget(false).initialParameters(theta0).build(), 2);
        double[][] xs = {{1, 2}, {0, 1}, {2, -1}, {-1, 0.5}};
        double[] ys = {1, -1, 3, 0};
        double[] predictions = {0.1, -0.1, 1.5, -0.45};

        for (int i = 0; i < 3; i++) {
            assertEquals(predictions[i], learner.learn(xs[i], ys[i]), 1e-12);
            assertArrayEquals(bits(theta0), bits(learner.parameters()), "unchanged before the batch is full");
            assertEquals(i + 1, learner.pendingBatch());
            assertEquals(0, learner.steps());
        }
        assertEquals(predictions[3], learner.learn(xs[3], ys[3]), 1e-12);
        assertEquals(0, learner.pendingBatch());
        assertEquals(1, learner.steps());
        assertArrayEquals(new double[] {0.6725, -0.31875, 0.2975}, learner.parameters(), 1e-12);

        // the same computation, written as the formula θ0 - η·(1/B)·Σ 2(ŷ_i - y_i)·x̃_i
        double[] expected = theta0.clone();
        for (int i = 0; i < 4; i++) {
            double residual = 2 * (predictions[i] - ys[i]);
            double[] augmented = {xs[i][0], xs[i][1], 1};
            for (int j = 0; j < 3; j++) {
                expected[j] -= 0.1 * residual * augmented[j] / 4;
            }
        }
        assertArrayEquals(expected, learner.parameters(), 1e-12);
    }

    @Test
    void shouldCountStepsAsRecordsOverBatchSize() {
        Learner learner = new Learner(LearnerConfig.builder("b4").learningRate(0.01).batchSize(4).build(), 2);
        Random random = new Random(5);
        for (int r = 1; r <= 30; r++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            learner.learn(new double[] {x1, x2}, x1 - x2);
            assertEquals(r, learner.records());
            assertEquals(r / 4, learner.steps());
            assertEquals(r % 4, learner.pendingBatch());
        }
    }

    static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
