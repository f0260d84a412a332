package dev.descent.topology;

import dev.descent.model.LearnerConfig;
import dev.descent.model.PrequentialScore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The latest snapshot of every learner of this instance, published by the stream threads and read
 * by anyone: metrics, the live page, progress lines. Learners appear once their task has started.
 *
 * <p>On an input of several partitions each of this instance's tasks publishes its own replica of
 * a learner; readers get one snapshot per learner, combined from the replicas (see
 * {@link #combine}).
 */
public final class LiveLearners {
    /**
     * A replica not republished for this long, while another replica of the same learner was, is
     * left out: its task moved to another instance (tasks publish every 50 ms). Measured against
     * the learner's newest publication, not the clock, so an app that stopped or pauses for a
     * rebalance keeps its last figures instead of losing them all.
     */
    static final Duration GONE_AFTER = Duration.ofSeconds(10);

    /** A replica's snapshot, its scores' totals (copied: the scores go on changing) and when it came. */
    private record Published(int partition, LearnerSnapshot snapshot, long scored, double sumSquaredError,
                             double sumAbsoluteError, long delayedScored, double delayedSumSquaredError, long nanos) {
    }

    private final List<String> order;
    private final LongSupplier nanoTime;
    private final Map<String, Map<Integer, Published>> latest = new ConcurrentHashMap<>();
    private final Map<Integer, ServedBy> champions = new ConcurrentHashMap<>();
    /** With {@link ModelKeys}: each partition's keys' learners, scored together. */
    private final Map<Integer, KeyScores> keys = new ConcurrentHashMap<>();
    private volatile String champion;

    /** A partition's champion and how often it changed there. */
    private record ServedBy(String id, long changes) {
    }

    public LiveLearners(List<LearnerConfig> learners) {
        this(learners, System::nanoTime);
    }

    /** @param nanoTime the clock that ages publications, for tests */
    LiveLearners(List<LearnerConfig> learners, LongSupplier nanoTime) {
        this.order = learners.stream().map(LearnerConfig::id).toList();
        this.nanoTime = nanoTime;
    }

    /** The snapshot of the replica on input {@code partition}, and its prequential scores so far. */
    void publish(int partition, LearnerSnapshot snapshot, PrequentialScore score, PrequentialScore delayed) {
        latest.computeIfAbsent(snapshot.id(), id -> new ConcurrentHashMap<>()).put(partition, new Published(partition,
                snapshot, score.count(), score.sumSquaredError(), score.sumAbsoluteError(), delayed.count(),
                delayed.sumSquaredError(), nanoTime.getAsLong()));
    }

    /**
     * The champion of input {@code partition}'s task, after its {@code changes}-th change. Rare (a
     * task's start, a change), so the instance's choice is made here, not by every reader.
     */
    synchronized void publishChampion(int partition, String id, long changes) {
        champions.put(partition, new ServedBy(id, changes));
        Map<String, Integer> votes = new LinkedHashMap<>();
        new TreeMap<>(champions).values().forEach(c -> votes.merge(c.id(), 1, Integer::sum));
        champion = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /**
     * The learner whose price is served: the champion of most of this instance's input partitions
     * (on a tie, of the lowest), or null before a task started. Each partition's task chooses its own.
     */
    public String champion() {
        return champion;
    }

    /**
     * With {@link ModelKeys}, what the keys' learners of a partition (or of every partition here) did:
     * how many keys, and per learner (configuration order) the labeled records its copies for every
     * key were scored on and their squared errors; the prices served (a key's champion's, or the
     * global champion's for a young key or a record without one), scored likewise; the keys with most
     * labeled records, most first, up to {@link ModelKeys#metricKeys()} of each partition; and every
     * key's champion's RMSE.
     */
    public record KeyScores(int keys, long[] scored, double[] sumSquaredError, long served, double servedSumSquaredError,
                            List<KeyFigure> top, double[] keyRmse) {
        /** The prequential RMSE of learner {@code i} over every key, NaN before any labeled record. */
        public double rmse(int i) {
            return scored[i] == 0 ? Double.NaN : Math.sqrt(sumSquaredError[i] / scored[i]);
        }

        /** The prequential RMSE of the prices served, NaN before any labeled record. */
        public double servedRmse() {
            return served == 0 ? Double.NaN : Math.sqrt(servedSumSquaredError / served);
        }

        KeyScores plus(KeyScores other) {
            long[] s = scored.clone();
            double[] e = sumSquaredError.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += other.scored[i];
                e[i] += other.sumSquaredError[i];
            }
            List<KeyFigure> both = new ArrayList<>(top);
            both.addAll(other.top);
            both.sort(KeyFigure.MOST_RECORDS);
            double[] rmse = Arrays.copyOf(keyRmse, keyRmse.length + other.keyRmse.length);
            System.arraycopy(other.keyRmse, 0, rmse, keyRmse.length, other.keyRmse.length);
            return new KeyScores(keys + other.keys, s, e, served + other.served,
                    servedSumSquaredError + other.servedSumSquaredError,
                    List.copyOf(both), rmse);
        }
    }

    /**
     * One model key: its labeled records, its champion's prequential RMSE over them, and every one of
     * its learners', in the order of the learners.
     */
    public record KeyFigure(String key, long records, double rmse, double[] learnerRmse) {
        /** Most records first, then by key, so that the choice does not depend on the order keys came in. */
        static final Comparator<KeyFigure> MOST_RECORDS = Comparator.comparingLong(KeyFigure::records).reversed()
                .thenComparing(KeyFigure::key);
    }

    void publishKeys(int partition, KeyScores scores) {
        keys.put(partition, scores);
    }

    /** The partition's task closed: its keys are no longer this instance's. */
    void forgetKeys(int partition) {
        keys.remove(partition);
    }

    /** The keys' learners of every partition of this instance together; null without {@link ModelKeys}. */
    public KeyScores keys() {
        return keys.values().stream().reduce(KeyScores::plus).orElse(null);
    }

    /** Champion changes on this instance's partitions, summed. */
    public long championChanges() {
        return champions.values().stream().mapToLong(ServedBy::changes).sum();
    }

    /** The learner ids in configuration order. */
    public List<String> ids() {
        return order;
    }

    /** The snapshot of {@code id}, combined over its replicas here, or null before its task started. */
    public LearnerSnapshot get(String id) {
        Map<Integer, Published> replicas = latest.get(id);
        return replicas == null ? null : combine(List.copyOf(replicas.values()));
    }

    /** The snapshots published so far, in configuration order. */
    public List<LearnerSnapshot> all() {
        List<LearnerSnapshot> all = new ArrayList<>(order.size());
        for (String id : order) {
            LearnerSnapshot s = get(id);
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    /**
     * One snapshot of the current replicas: the learner's own figures (records, steps, loss, norms,
     * status, recent RMSE) from the replica on the newest global version — it has seen the most of
     * the global model; on a tie the one that learned most records. Predicted records add up, RMSE
     * and MAE (and the delayed RMSE) are those of all the replicas' scored records together (from their error sums); the
     * version is the newest, the sync age the shortest and the staleness the largest. The recent
     * RMSE is the chosen replica's: the windows' own squared errors are not published.
     */
    private LearnerSnapshot combine(List<Published> published) {
        long newest = published.stream().mapToLong(Published::nanos).max().orElseThrow();
        List<Published> current = published.stream()
                .filter(p -> newest - p.nanos() <= GONE_AFTER.toNanos()).toList();
        if (current.size() == 1) {
            return current.get(0).snapshot();
        }
        Published best = null;
        long predicted = 0;
        long scored = 0;
        double sumSquaredError = 0;
        double sumAbsoluteError = 0;
        long delayedScored = 0;
        double delayedSumSquaredError = 0;
        long version = 0;
        double syncAge = Double.NaN;
        long staleness = 0;
        for (Published p : current) {
            LearnerSnapshot s = p.snapshot();
            if (best == null || newer(p, best)) {
                best = p;
            }
            predicted += s.predicted();
            scored += p.scored();
            sumSquaredError += p.sumSquaredError();
            sumAbsoluteError += p.sumAbsoluteError();
            delayedScored += p.delayedScored();
            delayedSumSquaredError += p.delayedSumSquaredError();
            version = Math.max(version, s.version());
            // Math.min would return NaN as soon as one replica has no age.
            syncAge = Double.isNaN(syncAge) || s.syncAgeSeconds() < syncAge ? s.syncAgeSeconds() : syncAge;
            staleness = Math.max(staleness, s.staleness());
        }
        LearnerSnapshot b = best.snapshot();
        double rmse = scored == 0 ? Double.NaN : Math.sqrt(sumSquaredError / scored);
        double mae = scored == 0 ? Double.NaN : sumAbsoluteError / scored;
        return new LearnerSnapshot(b.config(), b.records(), predicted, b.steps(), b.skippedUpdates(), b.loss(),
                b.meanLoss(), rmse, mae, b.recentRmse(), b.gradientNorm(), b.weightNorm(), b.learningRate(),
                b.stabilityBound(), b.perSampleBound(), b.status(), b.divergence(), b.divergedAtRecord(), version,
                current.size(), syncAge, staleness, b.drifts(), b.lastDriftRecord(), b.promotions(), delayedScored,
                delayedScored == 0 ? Double.NaN : Math.sqrt(delayedSumSquaredError / delayedScored), b.delayedRecentRmse());
    }

    /** Newer version, then more records, then (so the choice does not depend on map order) lower partition. */
    private static boolean newer(Published a, Published b) {
        LearnerSnapshot x = a.snapshot();
        LearnerSnapshot y = b.snapshot();
        if (x.version() != y.version()) {
            return x.version() > y.version();
        }
        if (x.records() != y.records()) {
            return x.records() > y.records();
        }
        return a.partition() < b.partition();
    }
}
