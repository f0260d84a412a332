package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Which of several learners' prices to serve: the one with the lowest recent prequential RMSE
 * among those that have not diverged, with hysteresis so the answer does not flap.
 *
 * <p>Each learner's recent error is its squared error smoothed over about {@code window} labeled
 * records: {@code m ← (1−α)m + αe²} and {@code w ← (1−α)w + α} from zero, {@code α = 1/window},
 * read as {@code m/w}, bias-corrected like Adam's moments. So the first records of a learner weigh
 * as in a plain mean and fade after a window, instead of a first large error (a fresh
 * challenger's) being carried for thousands of records. The champion changes only when another
 * learner's recent RMSE has been lower by more than {@code margin} (a fraction, of RMSE) on every
 * one of {@code window} consecutive labeled records; a champion that diverges is replaced at once
 * by the best healthy learner. Before any label the first healthy learner serves.
 */
public final class Champion {
    /** Default hysteresis: 5% lower RMSE, held for 1,000 labeled records. */
    public static final int DEFAULT_WINDOW = 1000;
    public static final double DEFAULT_MARGIN = 0.05;
    /** Bounds the state a reader allocates. */
    private static final int MAX_LEARNERS = 1 << 12;

    private final double alpha;
    private final long window;
    private final double factor;     // (1 − margin)², the margin on MSE
    private final double[] mse;
    private final double[] weight;
    private long observed;
    private int champion;
    private int contender = -1;
    private long lead;
    private long changes;

    public Champion(int learners, int window, double margin) {
        if (learners < 1 || learners > MAX_LEARNERS || window < 1 || !(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("champion of " + learners + " learners over " + window
                    + " records with margin " + margin);
        }
        this.alpha = 1.0 / window;
        this.window = window;
        this.factor = (1 - margin) * (1 - margin);
        this.mse = new double[learners];
        this.weight = new double[learners];
    }

    /**
     * Takes one labeled record's squared errors (of predictions made before learning it, each
     * against the learner's own target) and returns whether the champion changed. A non-finite
     * error (a record the learner refused to score) leaves that learner's recent error as it was.
     *
     * @param healthy which learners have not diverged
     */
    public boolean observe(double[] squaredErrors, boolean[] healthy) {
        for (int i = 0; i < mse.length; i++) {
            double se = squaredErrors[i];
            if (Double.isFinite(se)) {
                mse[i] += alpha * (se - mse[i]);
                weight[i] += alpha * (1 - weight[i]);
            }
        }
        observed++;
        int best = best(healthy);
        if (best < 0 || best == champion) {
            contender = -1;
            lead = 0;
            return false;
        }
        if (!healthy[champion]) {
            return changeTo(best);
        }
        if (recent(best) < factor * recent(champion)) {
            lead = best == contender ? lead + 1 : 1;
            contender = best;
            return lead >= window && changeTo(best);
        }
        contender = -1;
        lead = 0;
        return false;
    }

    /** The first healthy learner serves until errors are known; a diverged champion gives way to it. */
    public void healthChanged(boolean[] healthy) {
        if (!healthy[champion]) {
            int best = best(healthy);
            if (best >= 0) {
                changeTo(best);
            }
        }
    }

    /**
     * Serves {@code learner} from now on without a lead or a change counted: a new learner family
     * (a model key's) follows the choice made on more records until its own have filled a window.
     */
    public void adopt(int learner) {
        if (learner < 0 || learner >= mse.length) {
            throw new IllegalArgumentException("no learner " + learner + " among " + mse.length);
        }
        champion = learner;
        contender = -1;
        lead = 0;
    }

    /**
     * The healthy learner with the lowest recent error now, the champion while no error is known:
     * what a family with no choice made on more records to follow ({@link #adopt}) follows itself.
     */
    public int leader(boolean[] healthy) {
        int best = best(healthy);
        return best < 0 || observed == 0 ? champion : best;
    }

    private boolean changeTo(int next) {
        champion = next;
        contender = -1;
        lead = 0;
        changes++;
        return true;
    }

    /** The healthy learner with the lowest recent error (the first on ties), or -1 when none is healthy. */
    private int best(boolean[] healthy) {
        int best = -1;
        for (int i = 0; i < mse.length; i++) {
            if (healthy[i] && (best < 0 || recent(i) < recent(best))) {
                best = i;
            }
        }
        return best;
    }

    /** Index of the learner whose price is served. */
    public int champion() {
        return champion;
    }

    /** Labeled records observed. */
    public long observed() {
        return observed;
    }

    /** Changes so far. */
    public long changes() {
        return changes;
    }

    /** Learner {@code i}'s recent mean squared error; infinite before it scored a record. */
    private double recent(int i) {
        return weight[i] > 0 ? mse[i] / weight[i] : Double.POSITIVE_INFINITY;
    }

    /** Learner {@code i}'s recent RMSE (NaN before it scored a record). */
    public double recentRmse(int i) {
        return weight[i] > 0 ? Math.sqrt(mse[i] / weight[i]) : Double.NaN;
    }

    public int learners() {
        return mse.length;
    }

    public long window() {
        return window;
    }

    public void writeState(DataOutput out) throws IOException {
        out.writeInt(mse.length);
        StateIo.writeDoubles(out, mse);
        StateIo.writeDoubles(out, weight);
        out.writeLong(observed);
        out.writeInt(champion);
        out.writeInt(contender);
        out.writeLong(lead);
        out.writeLong(changes);
    }

    /** Reads what {@link #writeState} wrote, into a champion of as many learners. */
    public void readState(DataInput in) throws IOException {
        int n = in.readInt();
        if (n != mse.length) {
            throw new IOException("champion state of " + n + " learners, expected " + mse.length);
        }
        StateIo.readDoubles(in, mse);
        StateIo.readDoubles(in, weight);
        observed = in.readLong();
        champion = in.readInt();
        contender = in.readInt();
        lead = in.readLong();
        changes = in.readLong();
        if (champion < 0 || champion >= n || contender < -1 || contender >= n || lead < 0 || observed < 0) {
            throw new IOException("corrupt champion state");
        }
    }
}
