package dev.descent.topology;

import dev.descent.model.LearnerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest snapshot of every learner of this instance, published by the stream thread and read
 * by anyone: metrics, the live page, progress lines. Learners appear once their task has started.
 */
public final class LiveLearners {
    private final List<String> order;
    private final Map<String, LearnerSnapshot> latest = new ConcurrentHashMap<>();

    public LiveLearners(List<LearnerConfig> learners) {
        this.order = learners.stream().map(LearnerConfig::id).toList();
    }

    void publish(LearnerSnapshot snapshot) {
        latest.put(snapshot.id(), snapshot);
    }

    /** The learner ids in configuration order. */
    public List<String> ids() {
        return order;
    }

    /** The snapshot of {@code id}, or null before its task started. */
    public LearnerSnapshot get(String id) {
        return latest.get(id);
    }

    /** The snapshots published so far, in configuration order. */
    public List<LearnerSnapshot> all() {
        List<LearnerSnapshot> all = new ArrayList<>(order.size());
        for (String id : order) {
            LearnerSnapshot s = latest.get(id);
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }
}
