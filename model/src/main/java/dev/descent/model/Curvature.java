package dev.descent.model;

import java.util.function.ToDoubleFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Second-order facts about a loss surface: its Hessian and the largest eigenvalue that bounds
 * a stable gradient step. For the quadratic model
 * {@code L(θ) ≈ L(θ') + (θ-θ')ᵀg + ½(θ-θ')ᵀH(θ-θ')}, plain gradient descent converges only for
 * {@code η < 2/λ_max(H)}.
 */
public final class Curvature {

    private Curvature() {
    }

    /**
     * Hessian of {@code f} at {@code theta} by central differences:
     * {@code H_ij ≈ [f(θ+h e_i+h e_j) - f(θ+h e_i-h e_j) - f(θ-h e_i+h e_j) + f(θ-h e_i-h e_j)] / 4h²}.
     */
    public static DMatrixRMaj hessian(ToDoubleFunction<double[]> f, double[] theta, double h) {
        int n = theta.length;
        DMatrixRMaj hessian = new DMatrixRMaj(n, n);
        double[] p = theta.clone();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int si = -1; si <= 1; si += 2) {
                    for (int sj = -1; sj <= 1; sj += 2) {
                        System.arraycopy(theta, 0, p, 0, n);
                        p[i] += si * h;
                        p[j] += sj * h;
                        sum += si * sj * f.applyAsDouble(p);
                    }
                }
                double value = sum / (4 * h * h);
                hessian.set(i, j, value);
                hessian.set(j, i, value);
            }
        }
        return hessian;
    }

    /** Largest eigenvalue of a symmetric matrix (EJML's symmetric QR algorithm); the input is not modified. */
    public static double largestEigenvalue(DMatrixRMaj symmetric) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(symmetric.numRows, false, true);
        if (!eig.decompose(eig.inputModified() ? symmetric.copy() : symmetric)) {
            return Double.NaN;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            max = Math.max(max, eig.getEigenvalue(i).getReal());
        }
        return max;
    }

    /** {@code 2/λ_max(H)}: the largest constant learning rate at which gradient descent on H is stable. */
    public static double stableLearningRate(DMatrixRMaj hessian) {
        return 2 / largestEigenvalue(hessian);
    }
}
