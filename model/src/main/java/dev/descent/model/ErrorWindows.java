package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A learner's prequential errors over consecutive windows of labeled records: the last two
 * complete windows and the one being filled, which is what {@link LearnerStatus} needs to say
 * whether a learner beats the mean of the labels lately and whether its error has risen.
 *
 * <p>A gradient norm under a tolerance says the parameters have stopped moving, not that they
 * are any good: a learner can settle on a model worse than predicting the mean. So each window
 * keeps, over the same records:
 *
 * <ul>
 *   <li>{@code Σe²} and {@code Σe⁴} of the errors {@code e = label − prediction}: the window's MSE
 *   and its standard error as if the errors were independent;</li>
 *   <li>{@code Σ S_b²} over its {@value #BLOCKS} blocks of consecutive records, {@code S_b} a
 *   block's {@code Σe²}: the same standard error from the spread of the block means (batch
 *   means), which also sees that a learner's errors are correlated while its parameters wander;</li>
 *   <li>the labels' mean and {@code M2 = Σ(y − ȳ)²} (Welford): {@code M2/n} is the MSE of
 *   predicting the window's own mean label, the R² = 0 line.</li>
 * </ul>
 *
 * <p>The error sums are plain sums, so a finite but absurd prediction only makes them infinite,
 * never NaN. Constant memory, no allocation per record. Not thread-safe.
 */
public final class ErrorWindows {
    /** Labeled records per window unless told otherwise. */
    public static final int DEFAULT_WINDOW = 1000;
    /** Blocks per window for the batch-means standard error. */
    static final int BLOCKS = 10;

    private final int window;
    private final int blockSize;
    private Window previous = new Window();
    private Window last = new Window();
    private Window current = new Window();
    private long completeWindows;

    public ErrorWindows() {
        this(DEFAULT_WINDOW);
    }

    /** @param window labeled records per window, a positive multiple of {@value #BLOCKS} */
    public ErrorWindows(int window) {
        if (window < BLOCKS || window % BLOCKS != 0) {
            throw new IllegalArgumentException("a window needs a positive multiple of " + BLOCKS + " records, got "
                    + window);
        }
        this.window = window;
        this.blockSize = window / BLOCKS;
    }

    /**
     * The prediction made for a labeled record before learning it, and the label, in label units.
     * A non-finite prediction (a diverged learner's) or a label that is not finite or beyond
     * ±{@link Schema#MAX_MAGNITUDE} (which a learner refuses) is not counted.
     */
    public void add(double prediction, double label) {
        if (!Double.isFinite(prediction) || !(Math.abs(label) <= Schema.MAX_MAGNITUDE)) {
            return;
        }
        double e = label - prediction;
        current.add(e * e, label, blockSize);
        if (current.count == window) {
            Window emptied = previous;
            previous = last;
            last = current;
            current = emptied.clear();
            completeWindows++;
        }
    }

    public int window() {
        return window;
    }

    /** Windows filled so far; the figures of the last two of them are kept. */
    public long completeWindows() {
        return completeWindows;
    }

    /** The last complete window; empty before the first. */
    Window last() {
        return last;
    }

    /** The complete window before the last; empty before the second. */
    Window previous() {
        return previous;
    }

    /** The window size, the count of complete windows, then the previous, last and current window. */
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(window);
        out.writeLong(completeWindows);
        previous.write(out);
        last.write(out);
        current.write(out);
    }

    /** Reads what {@link #writeState} wrote for windows of this size; anything else is an IOException. */
    public void readState(DataInput in) throws IOException {
        int size = in.readInt();
        if (size != window) {
            throw new IOException("error windows of " + size + " records, expected " + window);
        }
        long complete = in.readLong();
        if (complete < 0) {
            throw new IOException("negative count of complete error windows: " + complete);
        }
        int previousCount = complete >= 2 ? window : 0;
        int lastCount = complete >= 1 ? window : 0;
        Window p = new Window().read(in, previousCount, previousCount);
        Window l = new Window().read(in, lastCount, lastCount);
        Window c = new Window().read(in, 0, window - 1);
        previous = p;
        last = l;
        current = c;
        completeWindows = complete;
    }

    /** One window's sums. */
    static final class Window {
        private int count;
        private double squaredErrors;   // Σe²
        private double fourthPowers;    // Σe⁴
        private double blockSum;        // Σe² of the block being filled
        private double blockSquares;    // Σ S_b² over the full blocks
        private double labelMean;
        private double labelM2;         // Σ(y − ȳ)²

        private void add(double squaredError, double label, int blockSize) {
            count++;
            squaredErrors += squaredError;
            fourthPowers += squaredError * squaredError;
            blockSum += squaredError;
            if (count % blockSize == 0) {
                blockSquares += blockSum * blockSum;
                blockSum = 0;
            }
            // Welford: ȳ ← ȳ + (y − ȳ)/n, M2 ← M2 + (y − ȳ_old)(y − ȳ_new)
            double d = label - labelMean;
            labelMean += d / count;
            labelM2 += d * (label - labelMean);
        }

        private Window clear() {
            count = 0;
            squaredErrors = 0;
            fourthPowers = 0;
            blockSum = 0;
            blockSquares = 0;
            labelMean = 0;
            labelM2 = 0;
            return this;
        }

        /** {@code Σe²/n}. */
        double mse() {
            return squaredErrors / count;
        }

        /** {@code M2/n}: the MSE of predicting every record of the window with the window's mean label. */
        double meanPredictorMse() {
            return labelM2 / count;
        }

        /**
         * The squared standard error of {@link #mse()} if the errors were independent:
         * {@code s²/n} with {@code s² = (Σe⁴ − n·mse²)/(n − 1)} the sample variance of the squared
         * errors (at least 0, for rounding).
         */
        double mseVariance() {
            double m = mse();
            return Math.max(0, fourthPowers - count * m * m) / ((double) count * (count - 1));
        }

        /**
         * How much more the MSE varies than {@link #mseVariance()} says, at least 1: the batch-means
         * variance {@code (Σ m_b² − B·mse²)/(B(B − 1))} of the {@code B} block means
         * {@code m_b = S_b/(n/B)}, over the independent one. Errors that are correlated over runs of
         * records (parameters that wander) make the block means spread more than independent errors
         * would; independent errors give about 1.
         */
        double inflation() {
            double m = mse();
            double blockMean = (double) count / BLOCKS;
            double batch = (blockSquares / (blockMean * blockMean) - BLOCKS * m * m) / (BLOCKS * (BLOCKS - 1));
            double independent = mseVariance();
            return batch > independent ? batch / independent : 1;
        }

        private void write(DataOutput out) throws IOException {
            out.writeInt(count);
            StateIo.writeDouble(out, squaredErrors);
            StateIo.writeDouble(out, fourthPowers);
            StateIo.writeDouble(out, blockSum);
            StateIo.writeDouble(out, blockSquares);
            StateIo.writeDouble(out, labelMean);
            StateIo.writeDouble(out, labelM2);
        }

        /** Reads a window of {@code min..max} records whose sums could be a window's. */
        private Window read(DataInput in, int min, int max) throws IOException {
            count = in.readInt();
            if (count < min || count > max) {
                throw new IOException("error window of " + count + " records, expected " + min + " to " + max);
            }
            squaredErrors = StateIo.readDouble(in);
            fourthPowers = StateIo.readDouble(in);
            blockSum = StateIo.readDouble(in);
            blockSquares = StateIo.readDouble(in);
            labelMean = StateIo.readDouble(in);
            labelM2 = StateIo.readDouble(in);
            // Sums of squares are at least 0 (infinite at worst), never NaN; the mean is of bounded labels.
            if (!(squaredErrors >= 0 && fourthPowers >= 0 && blockSum >= 0 && blockSquares >= 0 && labelM2 >= 0
                    && Math.abs(labelMean) <= Schema.MAX_MAGNITUDE)) {
                throw new IOException("corrupt error window: Σe² " + squaredErrors + ", Σe⁴ " + fourthPowers
                        + ", block Σe² " + blockSum + ", Σ S_b² " + blockSquares + ", mean label " + labelMean
                        + ", M2 " + labelM2);
            }
            return this;
        }
    }
}
