package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * ADWIN, adaptive windowing (A. Bifet and R. Gavaldà, "Learning from Time-Changing Data with
 * Adaptive Windowing", SDM 2007), as their ADWIN2: the window is kept as an exponential histogram,
 * at most {@value #M} buckets of each size 1, 2, 4, …, each holding its values' sum and sum of
 * squared deviations, so it takes O(log W) memory. Every {@value #CLOCK} values each split of the
 * window into an older part {@code W₀} and a recent part {@code W₁} at a bucket boundary, both at
 * least {@value #MIN_LENGTH} long, is tested: the means differ significantly when
 * <pre>
 *   |μ₁ - μ₀| > ε = √(2·σ²·L/m) + (2/3)·b·L/m,   1/m = 1/n₀ + 1/n₁,   L = ln(2·ln W / δ)
 * </pre>
 * with σ² the window's variance (the paper's Bernstein form). A check costs O(log W), so a value
 * costs O(log W / 32) amortized.
 *
 * <p>Scale-free and robust: the paper's range term takes {@code b = 1} for values in [0, 1]. Here
 * each value is winsorized to the window's mean ± {@value #CLIP}σ (as of the latest check) before
 * it enters, so {@code b = CLIP·σ} bounds its deviation the way 1 bounds a value in [0, 1], and the
 * whole bound is in units of σ. The clipping is what makes squared errors (heavy right tail) safe:
 * with {@code b = σ} and no clipping, stationary squared N(0,1) errors (χ², 1 dof) raise about 8
 * false alarms per million values and squared Laplace errors about 75; clipped, 3 and 1 in 40
 * million.
 *
 * <p>When splits are significant the window drops everything before the most significant one, and
 * checks again, until none is: the window is then the part after the cut, mostly values since the
 * change. (The paper drops the oldest values until no split is significant; what that leaves holds
 * some values from before the change, which set off two or three more detections of the same rise.)
 *
 * <p>The window adapts both ways, but only a cut whose recent part has the higher mean is reported:
 * fed squared errors, a rise is a learner that stopped fitting and a fall is the learner improving,
 * after which rises are judged against the new, lower level.
 *
 * <p>Differences of means below {@value #RESOLUTION} of the window's mean are rounding, not change:
 * the bucket sums of a constant stream need not agree in their last bits.
 *
 * <p>Default {@code δ = 0.002}, the paper's (measured by {@code AdwinTest}, whose seeds the
 * numbers are from):
 * <ul>
 *   <li>false alarms on stationary N(0,1) and N(5, 2²): none in 6 runs of a million values (2 in
 *   40 million over 40 more seeds, both in one run); on stationary squared N(0,1) errors 1 in 3
 *   million.</li>
 *   <li>a rise of 1σ after 10,000 values of N(0,1), measured: median 48, p95 80 values to
 *   detection over 100 seeds (the clock makes every delay 16 + 32k), none before the rise. The
 *   test holds it to median ≤ 80, p95 ≤ 112.</li>
 *   <li>squared errors whose standard deviation grows from 1 to 1.3 (their mean from 1 to 1.69),
 *   measured: median 208, p95 368 over 100 seeds.</li>
 *   <li>the state of a window of 2²⁰ stationary values: 1,337 bytes.</li>
 * </ul>
 */
public final class Adwin implements DriftDetector {
    public static final double DEFAULT_DELTA = 0.002;
    /** Values between checks for a cut. */
    static final int CLOCK = 32;
    /** Shortest sub-window a split may leave on either side. */
    static final int MIN_LENGTH = 5;
    /** Buckets of one size kept before the two oldest merge. */
    static final int M = 5;
    /** Values are winsorized to the window's mean ± CLIP standard deviations. */
    static final double CLIP = 3;
    /** Differences of means below this fraction of the window's mean count as rounding. */
    static final double RESOLUTION = 1e-12;
    /** Rows of buckets of sizes 2⁰ … 2⁵⁹: room for 5.7·10¹⁸ values, and a long counts them. */
    private static final int ROWS = 60;
    /** A row holds M + 1 buckets for a moment, before its two oldest merge. */
    private static final int STRIDE = M + 1;
    /** Larger magnitudes count as this, so that the buckets' squared deviations stay finite. */
    private static final double LARGEST = 1e100;
    private static final byte TAG = 'A';

    private final double delta;
    // Bucket j of row r (size 2^r) at r·STRIDE + j, oldest first.
    private final double[] sums = new double[ROWS * STRIDE];
    private final double[] squares = new double[ROWS * STRIDE];
    private final int[] counts = new int[ROWS];
    /** Scratch for a check: the sums of the buckets from the oldest to each one. */
    private final double[] prefix = new double[ROWS * STRIDE];
    private int rows;
    private long width;
    private int tick;
    private double low = Double.NEGATIVE_INFINITY;
    private double high = Double.POSITIVE_INFINITY;
    private double statistic = Double.NaN;
    private long detections;
    // What the latest scan found: the length of W₀ at the most significant split (0 for none),
    // whether its W₁ has the higher mean, and the window's mean and standard deviation.
    private long cut;
    private boolean rises;
    private double windowMean;
    private double windowDeviation;

    /** @param delta the confidence {@code δ} of a cut, in (0, 1) */
    public Adwin(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        this.delta = delta;
    }

    public Adwin() {
        this(DEFAULT_DELTA);
    }

    /** Non-finite values are ignored. */
    @Override
    public boolean add(double x) {
        if (!Double.isFinite(x)) {
            return false;
        }
        insert(Math.max(low, Math.min(high, Math.max(-LARGEST, Math.min(LARGEST, x)))));
        if (Double.isNaN(statistic)) {
            statistic = 0;
        }
        if (++tick < CLOCK) {
            return false;
        }
        tick = 0;
        statistic = scan();
        boolean rose = false;
        while (cut > 0) {
            rose |= rises;
            drop(cut);
            statistic = Math.max(statistic, scan());
        }
        boolean spread = windowDeviation > RESOLUTION * Math.abs(windowMean);
        low = spread ? windowMean - CLIP * windowDeviation : Double.NEGATIVE_INFINITY;
        high = spread ? windowMean + CLIP * windowDeviation : Double.POSITIVE_INFINITY;
        if (rose) {
            detections++;
        }
        return rose;
    }

    private void insert(double x) {
        append(0, x, 0);
        width++;
        for (int r = 0; counts[r] > M; r++) {
            // Two buckets of n = 2^r values: sums add, and M2 = M2₀ + M2₁ + (n/2)(μ₀ - μ₁)² = … + (s₀ - s₁)²/2n.
            int b = r * STRIDE;
            double d = sums[b] - sums[b + 1];
            append(r + 1, sums[b] + sums[b + 1], squares[b] + squares[b + 1] + d * d / Math.scalb(1.0, r + 1));
            removeOldest(r, 2);
        }
    }

    private void append(int row, double sum, double square) {
        int j = row * STRIDE + counts[row]++;
        sums[j] = sum;
        squares[j] = square;
        rows = Math.max(rows, row + 1);
    }

    private void removeOldest(int row, int k) {
        int b = row * STRIDE;
        int left = counts[row] - k;
        System.arraycopy(sums, b + k, sums, b, left);
        System.arraycopy(squares, b + k, squares, b, left);
        counts[row] = left;
    }

    /** Drops the oldest {@code length} values, which end at a bucket boundary. */
    private void drop(long length) {
        while (length > 0) {
            int r = rows - 1;
            removeOldest(r, 1);
            width -= 1L << r;
            length -= 1L << r;
            while (rows > 0 && counts[rows - 1] == 0) {
                rows--;
            }
        }
    }

    /**
     * Tests every split; sets {@link #cut}, {@link #rises} and the window's moments, and returns the
     * largest {@code (μ₁ - μ₀)/ε} (0 when no split is long enough).
     */
    private double scan() {
        // Oldest to newest: prefix sums, and the window's M2 by Chan et al.'s pairwise update
        // M2 = M2ₐ + M2_b + (nₐ n_b / (nₐ + n_b)) (μ_b - μₐ)².
        int k = 0;
        double n = 0;
        double total = 0;
        double m2 = 0;
        for (int r = rows - 1; r >= 0; r--) {
            double size = Math.scalb(1.0, r);
            for (int j = r * STRIDE, end = j + counts[r]; j < end; j++, k++) {
                double d = n > 0 ? sums[j] / size - total / n : 0;
                m2 += squares[j] + d * d * (n * size / (n + size));
                n += size;
                total += sums[j];
                prefix[k] = total;
            }
        }
        windowMean = total / n;
        windowDeviation = Math.sqrt(m2 / n);
        double variance = m2 / n;
        double floor = RESOLUTION * Math.abs(windowMean);
        double log = Math.log(2 * Math.log(n) / delta);
        cut = 0;
        double largest = 0;
        double best = 1;
        // Newest to oldest: W₁ gathers the buckets from bucket k on; W₀ is the ones before it.
        double n1 = 0;
        double u1 = 0;
        for (int r = 0; r < rows; r++) {
            double size = Math.scalb(1.0, r);
            for (int j = r * STRIDE + counts[r] - 1; j >= r * STRIDE; j--) {
                k--;
                n1 += size;
                u1 += sums[j];
                double n0 = n - n1;
                if (n0 < MIN_LENGTH) {
                    return largest;
                }
                if (n1 < MIN_LENGTH) {
                    continue;
                }
                double inverse = 1 / n0 + 1 / n1;
                double epsilon = Math.max(floor, Math.sqrt(2 * variance * log * inverse)
                        + 2.0 / 3 * CLIP * windowDeviation * log * inverse);
                double rise = epsilon > 0 ? (u1 / n1 - prefix[k - 1] / n0) / epsilon : 0;
                largest = Math.max(largest, rise);
                if (Math.abs(rise) > best) {
                    best = Math.abs(rise);
                    cut = (long) n0;
                    rises = rise > 0;
                }
            }
        }
        return largest;
    }

    /**
     * As of the latest check (every {@value #CLOCK} values): the largest {@code (μ₁ - μ₀)/ε} over the
     * splits it tested, how far the most risen recent part went toward a cut (above 1 at a
     * detection); 0 until the first check or when no split shows a rise.
     */
    @Override
    public double statistic() {
        return statistic;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeByte(TAG);
        out.writeLong(width);
        out.writeInt(tick);
        StateIo.writeDouble(out, low);
        StateIo.writeDouble(out, high);
        StateIo.writeDouble(out, statistic);
        out.writeLong(detections);
        out.writeInt(rows);
        for (int r = 0; r < rows; r++) {
            out.writeInt(counts[r]);
            for (int j = r * STRIDE, end = j + counts[r]; j < end; j++) {
                StateIo.writeDouble(out, sums[j]);
                StateIo.writeDouble(out, squares[j]);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        if (in.readByte() != TAG) {
            throw new IOException("not an ADWIN state");
        }
        long n = in.readLong();
        int t = in.readInt();
        double lo = StateIo.readDouble(in);
        double hi = StateIo.readDouble(in);
        double stat = StateIo.readDouble(in);
        long found = in.readLong();
        int r = in.readInt();
        if (n < 0 || t < 0 || t >= CLOCK || !(lo <= hi) || found < 0 || r < 0 || r > ROWS
                || !(Double.isNaN(stat) ? n == 0 : stat >= 0 && stat < Double.POSITIVE_INFINITY)) {
            throw new IOException("implausible ADWIN state: width " + n + ", tick " + t + ", clip [" + lo + ", "
                    + hi + "], statistic " + stat + ", detections " + found + ", rows " + r);
        }
        int[] c = new int[ROWS];
        double[] s = new double[ROWS * STRIDE];
        double[] q = new double[ROWS * STRIDE];
        long held = 0;
        for (int i = 0; i < r; i++) {
            c[i] = in.readInt();
            if (c[i] < 0 || c[i] > M || i == r - 1 && c[i] == 0) {
                throw new IOException("implausible ADWIN state: " + c[i] + " buckets in row " + i + " of " + r);
            }
            for (int j = i * STRIDE, end = j + c[i]; j < end; j++) {
                s[j] = StateIo.readDouble(in);
                q[j] = StateIo.readDouble(in);
                if (!Double.isFinite(s[j]) || !(q[j] >= 0 && q[j] < Double.POSITIVE_INFINITY)) {
                    throw new IOException("implausible ADWIN bucket: sum " + s[j] + ", M2 " + q[j]);
                }
            }
            held += (long) c[i] << i;
        }
        if (held != n) {
            throw new IOException("ADWIN buckets hold " + held + " values, its width says " + n);
        }
        System.arraycopy(c, 0, counts, 0, ROWS);
        System.arraycopy(s, 0, sums, 0, s.length);
        System.arraycopy(q, 0, squares, 0, q.length);
        rows = r;
        width = n;
        tick = t;
        low = lo;
        high = hi;
        statistic = stat;
        detections = found;
    }
}
