package dev.descent.model;

/**
 * Reductions over double arrays with four independent accumulators. A single running sum is a
 * chain of dependent additions that the JIT may not reorder (floating point is not associative),
 * so it runs at the adder's latency; four chains run at its throughput. The main loop stops at
 * a multiple of four so that the JIT can drop the bounds checks inside it, and {@link Math#fma}
 * (one instruction on x86-64 and ARMv8) merges each multiply-add.
 */
final class Vectors {

    private Vectors() {
    }

    /** {@code Σ_{i<n} a_i b_i}. */
    static double dot(double[] a, double[] b, int n) {
        return dotAt(a, 0, b, n);
    }

    /** {@code Σ_{i<n} a_{offset+i} b_i}: a row of a row-major matrix times a vector. */
    static double dotAt(double[] a, int offset, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int whole = n & ~3;
        int i = 0;
        for (; i < whole; i += 4) {
            s0 = Math.fma(a[offset + i], b[i], s0);
            s1 = Math.fma(a[offset + i + 1], b[i + 1], s1);
            s2 = Math.fma(a[offset + i + 2], b[i + 2], s2);
            s3 = Math.fma(a[offset + i + 3], b[i + 3], s3);
        }
        for (; i < n; i++) {
            s0 = Math.fma(a[offset + i], b[i], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ a_i}. */
    static double sum(double[] a) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int whole = a.length & ~3;
        int i = 0;
        for (; i < whole; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ a_i²}. */
    static double squaredNorm(double[] a) {
        return dot(a, a, a.length);
    }
}
