package dev.descent.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fully connected network of any depth with one output: each layer computes
 * {@code a = act(W a_prev + b)}, hidden layers with one activation, the output layer with
 * another (identity for regression, sigmoid for two-class probabilities).
 *
 * <p>One hidden layer of sigmoids with an identity output is the seed notes' network
 * {@code y = b + Σ_i c_i·sigmoid(b_i + Σ_j w_ij x_j)}.
 *
 * <p>Parameters are laid out layer by layer, each layer as its weight matrix row by row
 * ({@code W[out][in]}) followed by its biases.
 */
public final class Mlp implements Model {
    private final int[] sizes;          // sizes[0] = inputs, sizes[last] = 1
    private final Activation hidden;
    private final Activation output;
    private final double[] theta;
    private final int[] offsets;        // where each layer's W starts in theta
    private final double[][] z;         // pre-activations per layer (index 1..L)
    private final double[][] a;         // activations per layer; a[0] is the input
    private final double[][] delta;     // ∂ŷ/∂z per layer, for backprop

    public Mlp(int inputs, int[] hiddenSizes, Activation hidden, Activation output) {
        if (inputs < 1) {
            throw new IllegalArgumentException("an MLP needs at least one input, got " + inputs);
        }
        for (int h : hiddenSizes) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be positive, got " + Arrays.toString(hiddenSizes));
            }
        }
        this.hidden = hidden;
        this.output = output;
        this.sizes = new int[hiddenSizes.length + 2];
        sizes[0] = inputs;
        System.arraycopy(hiddenSizes, 0, sizes, 1, hiddenSizes.length);
        sizes[sizes.length - 1] = 1;
        int layers = sizes.length - 1;
        offsets = new int[layers + 1];
        z = new double[layers + 1][];
        a = new double[layers + 1][];
        delta = new double[layers + 1][];
        int p = 0;
        for (int l = 1; l <= layers; l++) {
            offsets[l] = p;
            p += sizes[l] * sizes[l - 1] + sizes[l];
            z[l] = new double[sizes[l]];
            a[l] = new double[sizes[l]];
            delta[l] = new double[sizes[l]];
        }
        theta = new double[p];
    }

    /** Glorot-uniform weights from a seeded generator, zero biases: reproducible runs. */
    public Mlp initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 1; l < sizes.length; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            double limit = Math.sqrt(6.0 / (in + out));
            int w = offsets[l];
            for (int k = 0; k < in * out; k++) {
                theta[w + k] = (2 * random.nextDouble() - 1) * limit;
            }
        }
        return this;
    }

    @Override public int inputSize() { return sizes[0]; }

    @Override public double[] parameters() { return theta; }

    @Override
    public double predict(double[] x) {
        a[0] = x;
        int layers = sizes.length - 1;
        for (int l = 1; l <= layers; l++) {
            Activation act = l == layers ? output : hidden;
            double[] prev = a[l - 1];
            double[] zl = z[l];
            double[] al = a[l];
            int in = sizes[l - 1];
            int w = offsets[l];
            int b = w + in * sizes[l];
            // z_i = b_i + Σ_j W_ij a_prev_j ;  a_i = act(z_i)
            preActivations(w, b, in, prev, zl);
            act.apply(zl, al);
        }
        return a[layers][0];
    }

    /**
     * {@code z = W a_prev + b} for the layer whose W starts at {@code w} and b at {@code b}. Rows
     * go four at a time: each {@code a_prev_j} is loaded once for four independent sums.
     */
    private void preActivations(int w, int b, int in, double[] prev, double[] out) {
        int i = 0;
        for (; i + 3 < out.length; i += 4) {
            int r0 = w + i * in;
            int r1 = r0 + in;
            int r2 = r1 + in;
            int r3 = r2 + in;
            double s0 = theta[b + i];
            double s1 = theta[b + i + 1];
            double s2 = theta[b + i + 2];
            double s3 = theta[b + i + 3];
            for (int j = 0; j < in; j++) {
                double p = prev[j];
                s0 = Math.fma(theta[r0 + j], p, s0);
                s1 = Math.fma(theta[r1 + j], p, s1);
                s2 = Math.fma(theta[r2 + j], p, s2);
                s3 = Math.fma(theta[r3 + j], p, s3);
            }
            out[i] = s0;
            out[i + 1] = s1;
            out[i + 2] = s2;
            out[i + 3] = s3;
        }
        for (; i < out.length; i++) {
            out[i] = theta[b + i] + Vectors.dotAt(theta, w + i * in, prev, in);
        }
    }

    /**
     * Backpropagation from {@code δ_L = scale·act'(z_L)}. Each layer's block of the gradient is
     * {@code δ ⊗ (a_prev, 1)}, of squared norm {@code ‖δ‖²(‖a_prev‖² + 1)}.
     */
    @Override
    public double gradient(double scale, double[] out) {
        int layers = sizes.length - 1;
        delta[layers][0] = scale * output.derivative(z[layers][0], a[layers][0]);
        double squaredNorm = 0;
        for (int l = layers; l >= 1; l--) {
            double[] dl = delta[l];
            double[] prev = a[l - 1];
            int in = sizes[l - 1];
            int w = offsets[l];
            int b = w + in * sizes[l];
            // ∂ŷ/∂W_ij = δ_i a_prev_j ;  ∂ŷ/∂b_i = δ_i
            outerProduct(dl, prev, in, out, w);
            System.arraycopy(dl, 0, out, b, dl.length);
            squaredNorm += Vectors.dot(dl, dl, dl.length) * (Vectors.dot(prev, prev, in) + 1);
            if (l > 1) {
                // δ_prev_j = act'(z_prev_j) · Σ_i W_ij δ_i
                double[] dp = delta[l - 1];
                Arrays.fill(dp, 0);
                for (int i = 0; i < dl.length; i++) {
                    int row = w + i * in;
                    double di = dl[i];
                    for (int j = 0; j < in; j++) {
                        dp[j] += theta[row + j] * di;
                    }
                }
                hidden.multiplyByDerivative(z[l - 1], a[l - 1], dp);
            }
        }
        return squaredNorm;
    }

    /**
     * {@code out[w + i·in + j] = d_i·a_j}, rows four at a time as in {@link #preActivations}: a row
     * is only as long as the layer below is wide, and one row per pass spent more on the loop than
     * on the products.
     */
    private static void outerProduct(double[] d, double[] a, int in, double[] out, int w) {
        int i = 0;
        for (; i + 3 < d.length; i += 4) {
            int r0 = w + i * in;
            int r1 = r0 + in;
            int r2 = r1 + in;
            int r3 = r2 + in;
            double d0 = d[i];
            double d1 = d[i + 1];
            double d2 = d[i + 2];
            double d3 = d[i + 3];
            for (int j = 0; j < in; j++) {
                double aj = a[j];
                out[r0 + j] = d0 * aj;
                out[r1 + j] = d1 * aj;
                out[r2 + j] = d2 * aj;
                out[r3 + j] = d3 * aj;
            }
        }
        for (; i < d.length; i++) {
            int row = w + i * in;
            for (int j = 0; j < in; j++) {
                out[row + j] = d[i] * a[j];
            }
        }
    }

    @Override
    public boolean isLinearInParameters() {
        return false;
    }
}
