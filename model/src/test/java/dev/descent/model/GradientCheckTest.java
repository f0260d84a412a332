package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of every model's {@code ∂ŷ/∂θ} and of the chain-rule gradient
 * {@code L'(ŷ)·∂ŷ/∂θ} for every valid model × loss pair.
 *
 * <p>Derivatives are estimated with the fourth-order central difference
 * {@code [8(f(θ+h) - f(θ-h)) - (f(θ+2h) - f(θ-2h))] / 12h}, h = 1e-3 (truncation ~h⁴, rounding
 * ~1e-12). Inputs, parameters and labels come from a seeded generator; draws that put a
 * ReLU/hard-sigmoid pre-activation, an absolute-loss residual or a Huber residual within
 * {@value #KINK_MARGIN} of a kink are redrawn, so no difference stencil straddles a kink.
 * An independent forward pass in this test (from the documented parameter layout) finds the
 * pre-activations and also checks {@link Model#predict}.
 */
class GradientCheckTest {
    private static final int INPUTS = 3;
    private static final int DRAWS = 6;
    private static final double H = 1e-3;
    private static final double KINK_MARGIN = 5e-2;
    private static final double RELATIVE_TOLERANCE = 1e-6;

    /** A model under test and what the reference forward pass needs to know about it. */
    record ModelCase(String name, int[] hidden, Activation hiddenActivation, Activation output, boolean linear) {
        Model create() {
            if (linear) {
                return new LinearModel(INPUTS, output);
            }
            return new Mlp(INPUTS, hidden, hiddenActivation, output);
        }

        boolean probability() {
            return output == Activation.SIGMOID;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record LossCase(String name, Loss loss, boolean needsProbability) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<ModelCase> models() {
        List<ModelCase> models = new ArrayList<>();
        models.add(new ModelCase("LinearModel.regression", new int[0], Activation.IDENTITY, Activation.IDENTITY, true));
        models.add(new ModelCase("LinearModel.logistic", new int[0], Activation.IDENTITY, Activation.SIGMOID, true));
        for (Activation hidden : Activation.values()) {
            for (int[] sizes : new int[][] {{4}, {9}, {4, 3}}) {       // 9: two blocks of four rows and one more
                for (Activation output : new Activation[] {Activation.IDENTITY, Activation.SIGMOID}) {
                    models.add(new ModelCase("Mlp(" + hidden + " " + Arrays.toString(sizes) + " -> " + output + ")",
                            sizes, hidden, output, false));
                }
            }
        }
        return models;
    }

    static List<LossCase> losses() {
        return List.of(new LossCase("squared", Loss.squared(), false), new LossCase("absolute", Loss.absolute(), false),
                new LossCase("huber(1.0)", Loss.huber(1.0), false), new LossCase("log", Loss.log(), true));
    }

    static Stream<Arguments> modelsAndLosses() {
        List<Arguments> pairs = new ArrayList<>();
        for (ModelCase m : models()) {
            for (LossCase l : losses()) {
                if (!l.needsProbability() || m.probability()) {
                    pairs.add(Arguments.of(m, l));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldMatchOutputGradientWithFiniteDifferencesOfPredict(ModelCase c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        Model model = c.create();
        for (int draw = 0; draw < DRAWS; draw++) {
            Sample s = drawSample(c, model, null, random);
            model.predict(s.x());
            double[] analytic = new double[model.parameters().length];
            model.outputGradient(analytic);
            double[] numeric = finiteDifferences(model.parameters(), () -> model.predict(s.x()));
            assertClose(analytic, numeric, c + " draw " + draw);
        }
    }

    @ParameterizedTest(name = "{0} with {1} loss")
    @MethodSource("modelsAndLosses")
    void shouldMatchLossGradientWithFiniteDifferencesOfTheLoss(ModelCase c, LossCase l) {
        SplittableRandom random = new SplittableRandom(31L * c.name().hashCode() + l.name().hashCode());
        Model model = c.create();
        Loss loss = l.loss();
        for (int draw = 0; draw < DRAWS; draw++) {
            Sample s = drawSample(c, model, l, random);
            double prediction = model.predict(s.x());
            double[] analytic = new double[model.parameters().length];
            model.outputGradient(analytic);
            double slope = loss.gradient(prediction, s.y());
            for (int i = 0; i < analytic.length; i++) {
                analytic[i] *= slope;
            }
            double[] numeric = finiteDifferences(model.parameters(), () -> loss.value(model.predict(s.x()), s.y()));
            assertClose(analytic, numeric, c + " / " + l + " draw " + draw);
        }
    }

    record Sample(double[] x, double y) {
    }

    /** Draws parameters (into the model), an input and a label away from every kink. */
    private static Sample drawSample(ModelCase c, Model model, LossCase loss, SplittableRandom random) {
        double[] theta = model.parameters();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] = random.nextDouble(-1, 1);
            }
            double[] x = new double[INPUTS];
            for (int j = 0; j < INPUTS; j++) {
                x[j] = random.nextDouble(-2, 2);
            }
            double y = loss != null && loss.needsProbability() ? random.nextInt(2)
                    : (c.probability() ? random.nextDouble() : random.nextDouble(-2, 2));
            List<Double> hiddenPreActivations = new ArrayList<>();
            double reference = referenceForward(c, theta, x, hiddenPreActivations);
            if (!awayFromKinks(c.hiddenActivation(), hiddenPreActivations)) {
                continue;
            }
            double r = Math.abs(reference - y);
            if (loss != null && loss.name().equals("absolute") && r < KINK_MARGIN) {
                continue;
            }
            if (loss != null && loss.name().startsWith("huber") && Math.abs(r - 1.0) < KINK_MARGIN) {
                continue;
            }
            assertEquals(reference, model.predict(x), 1e-12, "predict against the reference forward pass");
            return new Sample(x, y);
        }
        fail("no draw away from the kinks for " + c);
        return null;
    }

    private static boolean awayFromKinks(Activation activation, List<Double> preActivations) {
        for (double z : preActivations) {
            if ((activation == Activation.RELU || activation == Activation.HARD_SIGMOID) && Math.abs(z) < KINK_MARGIN) {
                return false;
            }
            if (activation == Activation.HARD_SIGMOID && Math.abs(z - 1) < KINK_MARGIN) {
                return false;
            }
        }
        return true;
    }

    /**
     * Forward pass from the documented layout (per layer: W[out][in] row by row, then biases;
     * a linear model is [w..., b]); collects the hidden pre-activations.
     */
    private static double referenceForward(ModelCase c, double[] theta, double[] x, List<Double> hiddenZ) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(INPUTS);
        for (int h : c.hidden()) {
            sizes.add(h);
        }
        sizes.add(1);
        double[] a = x;
        int p = 0;
        for (int l = 1; l < sizes.size(); l++) {
            int in = sizes.get(l - 1);
            int out = sizes.get(l);
            boolean last = l == sizes.size() - 1;
            DoubleUnaryOperator act = last ? c.output()::apply : c.hiddenActivation()::apply;
            double[] next = new double[out];
            for (int i = 0; i < out; i++) {
                double s = theta[p + in * out + i];
                for (int j = 0; j < in; j++) {
                    s += theta[p + i * in + j] * a[j];
                }
                if (!last) {
                    hiddenZ.add(s);
                }
                next[i] = act.applyAsDouble(s);
            }
            p += in * out + out;
            a = next;
        }
        assertEquals(theta.length, p, "parameter count of " + c);
        return a[0];
    }

    private static double[] finiteDifferences(double[] theta, java.util.function.DoubleSupplier f) {
        double[] numeric = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double t = theta[i];
            theta[i] = t - 2 * H;
            double m2 = f.getAsDouble();
            theta[i] = t - H;
            double m1 = f.getAsDouble();
            theta[i] = t + H;
            double p1 = f.getAsDouble();
            theta[i] = t + 2 * H;
            double p2 = f.getAsDouble();
            theta[i] = t;
            // differences first, so a locally constant f gives exactly 0
            numeric[i] = (8 * (p1 - m1) - (p2 - m2)) / (12 * H);
        }
        return numeric;
    }

    private static void assertClose(double[] analytic, double[] numeric, String what) {
        boolean anyNonZero = false;
        for (int i = 0; i < analytic.length; i++) {
            double a = analytic[i];
            double b = numeric[i];
            double error = Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-8);
            assertTrue(error < RELATIVE_TOLERANCE,
                    what + ": parameter " + i + " analytic " + a + " numeric " + b + " relative error " + error);
            anyNonZero |= a != 0;
        }
        assertTrue(anyNonZero, what + ": the gradient should not vanish everywhere");
    }
}
