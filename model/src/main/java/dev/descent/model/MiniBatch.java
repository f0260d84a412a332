package dev.descent.model;

/**
 * Gradients summed at fixed parameters, handed out as their mean once per {@code B} records.
 * The partial sum is part of a learner's state, so a restart loses no record of a batch.
 */
final class MiniBatch {
    private final int size;
    private final double[] sum;
    private int fill;

    MiniBatch(int size, int parameters) {
        this.size = size;
        this.sum = new double[parameters];
    }

    /** Adds {@code gradient}; when that fills the batch, overwrites it with {@code (Σ g_i)/B}, empties the batch and returns true. */
    boolean add(double[] gradient) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += gradient[i];
        }
        if (++fill < size) {
            return false;
        }
        double inverse = 1.0 / size;
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = sum[i] * inverse;
            sum[i] = 0;
        }
        fill = 0;
        return true;
    }

    /** Records summed towards the next update. */
    int fill() {
        return fill;
    }

    void restoreFill(int records) {
        fill = records;
    }

    /** The live partial sum, for snapshots. */
    double[] sum() {
        return sum;
    }
}
