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
 * in label units (dollars, for house prices) against records learned; and the input rate.
 * Bounded, oldest first out.
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
            if (s.records() <= (before == null ? 0 : before.records())) {
                continue;
            }
            Deque<double[]> curve = curves.computeIfAbsent(s.id(), k -> new ArrayDeque<>());
            curve.addLast(new double[] {s.records(), s.recentRmse()});
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
