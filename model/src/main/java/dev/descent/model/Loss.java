package dev.descent.model;

/**
 * A loss of one prediction against one label. Each kind is a record of its settings and is the
 * loss itself: a loss keeps no state.
 *
 * <p>Sign convention: {@link #gradient} is {@code ∂L/∂ŷ}, the derivative with respect to the
 * prediction; optimizers subtract. The model's {@code ∂ŷ/∂θ} turns it into a parameter
 * gradient by the chain rule.
 */
public interface Loss extends Component {

    double value(double prediction, double label);

    double gradient(double prediction, double label);

    /** {@code (y - ŷ)²}, exactly as the seed notes (no ½): {@code ∂L/∂ŷ = 2(ŷ - y)}. */
    static Loss squared() {
        return new SquaredLoss();
    }

    /** {@code |y - ŷ|}: {@code ∂L/∂ŷ = sign(ŷ - y)} (0 at the kink). */
    static Loss absolute() {
        return new AbsoluteLoss();
    }

    /** Huber: {@code ½r²} for {@code |r| ≤ δ}, else {@code δ(|r| - ½δ)}, with {@code r = ŷ - y}. */
    static Loss huber(double delta) {
        return new HuberLoss(delta);
    }

    /** Log loss for a probability {@code ŷ} of class 1 and a label in {0, 1}. */
    static Loss log() {
        return new LogLoss();
    }
}
