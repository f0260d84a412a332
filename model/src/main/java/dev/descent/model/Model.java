package dev.descent.model;

/**
 * A differentiable model with one output and a flat parameter vector.
 *
 * <p>The contract is forward then backward: {@link #predict} computes the output and keeps
 * whatever backpropagation needs; {@link #outputGradient} then writes {@code ∂ŷ/∂θ} for that
 * same input. The gradient of any loss is {@code L'(ŷ) · ∂ŷ/∂θ}, and second-order learners
 * (recursive least squares) use {@code ∂ŷ/∂θ} directly. A model is not thread-safe.
 */
public interface Model {

    /** Number of input features. */
    int inputSize();

    /** The live parameter vector; learners update it in place. */
    double[] parameters();

    /** Forward pass. */
    double predict(double[] x);

    /** Writes {@code ∂ŷ/∂θ} at the input of the last {@link #predict} call into {@code out}. */
    void outputGradient(double[] out);

    /** True when {@code ŷ} is linear in the parameters (what recursive least squares needs). */
    boolean isLinearInParameters();
}
