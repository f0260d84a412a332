package dev.descent.model;

/**
 * {@code ŷ = link(w·x + b)}: linear regression with the identity link, two-class logistic
 * regression with the sigmoid link ({@code ŷ} is then the probability of class 1).
 * Parameters are laid out as {@code [w_1 … w_n, b]}.
 */
public final class LinearModel implements Model {
    private final int n;
    private final Activation link;
    private final double[] theta;
    private double[] lastX;
    private double lastZ;
    private double lastY;

    public LinearModel(int inputs, Activation link) {
        if (inputs < 1) {
            throw new IllegalArgumentException("a linear model needs at least one input, got " + inputs);
        }
        this.n = inputs;
        this.link = link;
        this.theta = new double[inputs + 1];
    }

    public static LinearModel regression(int inputs) {
        return new LinearModel(inputs, Activation.IDENTITY);
    }

    public static LinearModel logistic(int inputs) {
        return new LinearModel(inputs, Activation.SIGMOID);
    }

    @Override public int inputSize() { return n; }

    @Override public double[] parameters() { return theta; }

    @Override
    public double predict(double[] x) {
        double z = Vectors.dot(theta, x, n) + theta[n];
        lastX = x;
        lastZ = z;
        lastY = link.apply(z);
        return lastY;
    }

    /** {@code ∂ŷ/∂w_j = f'(z)·x_j}, {@code ∂ŷ/∂b = f'(z)}; the squared norm is {@code (scale·f'(z))²(‖x‖² + 1)}. */
    @Override
    public double gradient(double scale, double[] out) {
        double d = scale * link.derivative(lastZ, lastY);
        for (int j = 0; j < n; j++) {
            out[j] = d * lastX[j];
        }
        out[n] = d;
        return d * d * (Vectors.dot(lastX, lastX, n) + 1);
    }

    @Override
    public boolean isLinearInParameters() {
        return link == Activation.IDENTITY;
    }
}
