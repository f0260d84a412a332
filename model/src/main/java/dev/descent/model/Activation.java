package dev.descent.model;

/**
 * Element-wise activation functions of a network layer. Each knows its value and its
 * derivative, the derivative written in terms of the pre-activation {@code z} and the
 * activation {@code a = f(z)} so that backpropagation can reuse the forward pass.
 */
public enum Activation {
    /** {@code 1 / (1 + e^-z)}; derivative {@code a(1 - a)}. */
    SIGMOID {
        @Override public double apply(double z) { return sigmoid(z); }
        @Override public double derivative(double z, double a) { return a * (1 - a); }

        @Override void apply(double[] z, double[] a) {
            for (int i = 0; i < z.length; i++) {
                a[i] = sigmoid(z[i]);
            }
        }

        @Override void multiplyByDerivative(double[] z, double[] a, double[] d) {
            for (int i = 0; i < d.length; i++) {
                d[i] *= a[i] * (1 - a[i]);
            }
        }
    },
    /** {@code max(0, z)}; derivative 1 for z &gt; 0, else 0. */
    RELU {
        @Override public double apply(double z) { return z > 0 ? z : 0; }
        @Override public double derivative(double z, double a) { return z > 0 ? 1 : 0; }

        @Override void apply(double[] z, double[] a) {
            for (int i = 0; i < z.length; i++) {
                a[i] = z[i] > 0 ? z[i] : 0;
            }
        }

        @Override void multiplyByDerivative(double[] z, double[] a, double[] d) {
            for (int i = 0; i < d.length; i++) {
                d[i] *= z[i] > 0 ? 1 : 0;
            }
        }
    },
    /**
     * The seed notes' hard sigmoid built from two ReLUs: {@code relu(z) - relu(z - 1)},
     * i.e. z clamped to [0, 1]; derivative 1 inside (0, 1), else 0.
     */
    HARD_SIGMOID {
        @Override public double apply(double z) { return z <= 0 ? 0 : (z >= 1 ? 1 : z); }
        @Override public double derivative(double z, double a) { return z > 0 && z < 1 ? 1 : 0; }

        @Override void apply(double[] z, double[] a) {
            for (int i = 0; i < z.length; i++) {
                a[i] = apply(z[i]);
            }
        }

        @Override void multiplyByDerivative(double[] z, double[] a, double[] d) {
            for (int i = 0; i < d.length; i++) {
                d[i] *= derivative(z[i], a[i]);
            }
        }
    },
    /** {@code z}; derivative 1. */
    IDENTITY {
        @Override public double apply(double z) { return z; }
        @Override public double derivative(double z, double a) { return 1; }

        @Override void apply(double[] z, double[] a) {
            System.arraycopy(z, 0, a, 0, z.length);
        }

        @Override void multiplyByDerivative(double[] z, double[] a, double[] d) {
        }
    };

    public abstract double apply(double z);

    public abstract double derivative(double z, double a);

    /**
     * {@code a_i = f(z_i)} for a whole layer. Networks call this rather than {@link #apply(double)}
     * per unit: one virtual call per layer, and a loop that the JIT compiles for one function
     * however many activations the process uses.
     */
    abstract void apply(double[] z, double[] a);

    /** {@code d_i *= f'(z_i)} for a whole layer, from {@code z} and {@code a = f(z)}; see {@link #apply(double[], double[])}. */
    abstract void multiplyByDerivative(double[] z, double[] a, double[] d);

    /** Numerically safe logistic function: never evaluates {@code e^x} for large positive x. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
