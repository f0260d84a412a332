package dev.descent.jmh;

import dev.descent.model.GlobalLearner;
import dev.descent.model.Learner;
import dev.descent.model.LearnerDelta;
import dev.descent.model.Replica;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deltas per second through the one merger of a multi-partition application: what its task does
 * for each delta besides Kafka's own work — decode the delta, merge it into the global learner,
 * encode the global learner for the store. The deltas are real ones: four replicas of the learner,
 * each learning {@value #SYNC_EVERY} records (the default {@code --sync-every}) per delta, taking
 * turns, so each merge is as stale as in a 4-partition run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MergeBenchmark {
    private static final int REPLICAS = 4;
    private static final int SYNC_EVERY = 100;
    /** Deltas prepared; the benchmark cycles through them, each time with a fresh sequence number. */
    private static final int DELTAS = 256;

    @Param({"LINEAR_SGD", "LINEAR_ADAM", "MLP_ADAM", "LINEAR_RLS"})
    public LearnerKind kind;

    private final byte[][] deltas = new byte[DELTAS][];
    private GlobalLearner global;
    private long sequence;
    private int next;

    @Setup
    public void prepareDeltas() {
        SyntheticHousing pool = SyntheticHousing.generate(1990);
        GlobalLearner start = GlobalLearner.initial(kind.config(1), SyntheticHousing.FEATURES);
        Replica[] replicas = new Replica[REPLICAS];
        for (int r = 0; r < REPLICAS; r++) {
            replicas[r] = Replica.of(r, start);
        }
        int row = 0;
        for (int d = 0; d < DELTAS; d++) {
            Learner learner = replicas[d % REPLICAS].learner();
            for (int k = 0; k < SYNC_EVERY; k++) {
                learner.learn(pool.x[row], pool.y[row]);
                row = (row + 1) & SyntheticHousing.MASK;
            }
            deltas[d] = replicas[d % REPLICAS].sync().delta().encode();
        }
        global = GlobalLearner.initial(kind.config(1), SyntheticHousing.FEATURES);
    }

    @Benchmark
    public byte[] mergeOne() {
        LearnerDelta delta = LearnerDelta.decode(deltas[next]);
        global.merge(next % REPLICAS, ++sequence, delta);
        next = (next + 1) % DELTAS;
        return global.encode();
    }
}
