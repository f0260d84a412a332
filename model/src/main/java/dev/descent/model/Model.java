package dev.descent.model;

/**
 * A differentiable model with one output and a flat parameter vector.
 *
 * <p>The contract is forward then backward: {@link #predict} computes the output and keeps
 * whatever backpropagation needs; {@link #outputGradient} then writes {@code ∂ŷ/∂θ} for that
 * same input, or {@link #gradient} a multiple of it. The gradient of any loss is
 * {@code L'(ŷ) · ∂ŷ/∂θ}, and second-order learners (recursive least squares) use {@code ∂ŷ/∂θ}
 * directly. A model is not thread-safe.
 */
public interface Model {

    /** Number of input features. */
    int inputSize();

    /** The live parameter vector; learners update it in place. */
    double[] parameters();

    /** Forward pass. */
    double predict(double[] x);

    /** Writes {@code ∂ŷ/∂θ} at the input of the last {@link #predict} call into {@code out}. */
    default void outputGradient(double[] out) {
        gradient(1, out);
    }

    /**
     * Writes {@code scale · ∂ŷ/∂θ} at the input of the last {@link #predict} call into {@code out}
     * and returns its squared norm. With {@code scale = L'(ŷ)} that is the loss gradient in one
     * pass, and its norm comes cheap from the rank-one structure of each layer's block.
     */
    double gradient(double scale, double[] out);

    /** True when {@code ŷ} is linear in the parameters (what recursive least squares needs). */
    boolean isLinearInParameters();
}
