package dev.descent.observe;

import dev.descent.topology.DescentApp;
import dev.descent.topology.LearnerSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The curves the live page draws, sampled once a second: per learner, its recent prequential RMSE
 * in label units (dollars, for house prices) against records learned; and the input rate. And the
 * marks on those curves: each learner's drifts (at the record its detector fired) and each change
 * of champion (at the new champion's records learned when it was seen). Bounded, oldest first out.
 */
final class LossHistory {
    static final int MAX_POINTS = 600;
    static final int MAX_MARKS = 100;

    /** A change of champion, at the new champion's records learned. */
    record ChampionMark(String id, long records) {
    }

    private final DescentApp app;
    private final Map<String, Deque<double[]>> curves = new HashMap<>();
    private final Map<String, LearnerSnapshot> previous = new HashMap<>();
    private final Map<String, Deque<Long>> drifts = new HashMap<>();
    private final Deque<ChampionMark> championMarks = new ArrayDeque<>();
    private long championChanges;
    private long previousIn;
    private long previousNanos = System.nanoTime();
    private double recordsPerSecond;

    LossHistory(DescentApp app) {
        this.app = app;
    }

    synchronized void sample() {
        long now = System.nanoTime();
        long in = app.counters().recordsIn();
        recordsPerSecond = (in - previousIn) / ((now - previousNanos) / 1e9);
        previousIn = in;
        previousNanos = now;
        for (LearnerSnapshot s : app.live().all()) {
            LearnerSnapshot before = previous.put(s.id(), s);
            if (s.drifts() > (before == null ? 0 : before.drifts())) {
                bounded(drifts.computeIfAbsent(s.id(), k -> new ArrayDeque<>()), s.lastDriftRecord());
            }
            if (s.records() <= (before == null ? 0 : before.records())) {
                continue;
            }
            Deque<double[]> curve = curves.computeIfAbsent(s.id(), k -> new ArrayDeque<>());
            curve.addLast(new double[] {s.records(), s.recentRmse()});
            if (curve.size() > MAX_POINTS) {
                curve.removeFirst();
            }
        }
        long changes = app.live().championChanges();
        String champion = app.live().champion();
        if (changes > championChanges && champion != null && previous.containsKey(champion)) {
            bounded(championMarks, new ChampionMark(champion, previous.get(champion).records()));
        }
        championChanges = changes;
    }

    private static <T> void bounded(Deque<T> marks, T mark) {
        marks.addLast(mark);
        if (marks.size() > MAX_MARKS) {
            marks.removeFirst();
        }
    }

    /** The records at which {@code id}'s detector fired, oldest first. */
    synchronized List<Long> drifts(String id) {
        Deque<Long> marks = drifts.get(id);
        return marks == null ? List.of() : new ArrayList<>(marks);
    }

    synchronized List<ChampionMark> championMarks() {
        return new ArrayList<>(championMarks);
    }

    synchronized List<double[]> curve(String id) {
        Deque<double[]> curve = curves.get(id);
        return curve == null ? List.of() : new ArrayList<>(curve);
    }

    synchronized double recordsPerSecond() {
        return recordsPerSecond;
    }
}
