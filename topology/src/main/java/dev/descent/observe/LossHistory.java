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
 * The loss curves the live page draws, sampled once a second: per learner, the mean training loss
 * of the records learned since the previous sample (from the running mean and count, so no record
 * is missed between samples), against records learned; and the input rate. Bounded, oldest first out.
 */
final class LossHistory {
    static final int MAX_POINTS = 600;

    private final DescentApp app;
    private final Map<String, Deque<double[]>> curves = new HashMap<>();
    private final Map<String, LearnerSnapshot> previous = new HashMap<>();
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
            long recordsBefore = before == null ? 0 : before.records();
            if (s.records() <= recordsBefore) {
                continue;
            }
            double sumNow = s.meanLoss() * s.records();
            double sumBefore = before == null || before.records() == 0 ? 0 : before.meanLoss() * before.records();
            double intervalLoss = (sumNow - sumBefore) / (s.records() - recordsBefore);
            Deque<double[]> curve = curves.computeIfAbsent(s.id(), k -> new ArrayDeque<>());
            curve.addLast(new double[] {s.records(), intervalLoss});
            if (curve.size() > MAX_POINTS) {
                curve.removeFirst();
            }
        }
    }

    synchronized List<double[]> curve(String id) {
        Deque<double[]> curve = curves.get(id);
        return curve == null ? List.of() : new ArrayList<>(curve);
    }

    synchronized double recordsPerSecond() {
        return recordsPerSecond;
    }
}
