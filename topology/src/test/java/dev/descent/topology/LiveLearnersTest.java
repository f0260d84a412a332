package dev.descent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.descent.model.Learner;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerStatus;
import dev.descent.model.PrequentialScore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One snapshot per learner however many of its replicas this instance holds, by the documented rules. */
class LiveLearnersTest {
    private final LearnerConfig a = LearnerConfig.builder("a").learningRate(1e-3).build();
    private final LearnerConfig b = LearnerConfig.builder("b").learningRate(1e-3).build();
    private long nanos;
    private final LiveLearners live = new LiveLearners(List.of(a, b), () -> nanos);

    /** A replica's score so far: {@code count} scored records with these error sums. */
    private record Score(long count, double sumSquaredError, double sumAbsoluteError) {
    }

    private static Score score(long count, double sumSquaredError, double sumAbsoluteError) {
        return new Score(count, sumSquaredError, sumAbsoluteError);
    }

    /** Publishes a replica's snapshot with its RMSE and MAE from its score, as LearnProcessor does. */
    private void publish(int partition, LearnerConfig config, long records, long predicted, long steps, double loss,
                         double recentRmse, LearnerStatus status, long version, double syncAge, long staleness,
                         Score score) {
        PrequentialScore prequential = PrequentialScore.resume(LearnerSlot.RECENT, score.count(), score.sumSquaredError(),
                score.sumAbsoluteError());
        live.publish(partition, new LearnerSnapshot(config, records, predicted, steps, 0, loss, loss * 2, prequential.rmse(),
                prequential.mae(), recentRmse, 0.5, 3, 1e-3, 0.2, 0.1, status, Learner.Divergence.NONE, -1, version, 1,
                syncAge, staleness, 0, -1, 0, 0, Double.NaN, Double.NaN), prequential, new PrequentialScore(LearnerSlot.RECENT));
    }

    @Test
    void combinesTwoPartitionsReplicas() {
        // partition 0: older version, more records; RMSE 5, MAE 4 over its 4 scored records
        publish(0, a, 500, 10, 500, 0.5, 7, LearnerStatus.CONVERGED, 7, 0.5, 30, score(4, 100, 16));
        // partition 1: newest version; RMSE √160, MAE 5.8 over its 5
        publish(1, a, 480, 20, 470, 0.25, 9, LearnerStatus.LEARNING, 9, 0.2, 12, score(5, 800, 29));

        LearnerSnapshot s = live.get("a");
        assertEquals(9, s.version(), "the newest version");
        assertEquals(2, s.replicas());
        assertEquals(30, s.predicted(), "predicted adds up: 10 + 20");
        assertEquals(10.0, s.rmse(), 1e-12, "√((100 + 800) / (4 + 5)), not the mean of 5 and √160");
        assertEquals(5.0, s.mae(), 1e-12, "(16 + 29) / 9");
        assertEquals(0.2, s.syncAgeSeconds(), "the latest sync");
        assertEquals(30, s.staleness(), "the stalest replica");
        assertEquals(480, s.records(), "the newest version's replica's own figures");
        assertEquals(470, s.steps());
        assertEquals(0.25, s.loss());
        assertEquals(0.5, s.meanLoss());
        assertEquals(9.0, s.recentRmse());
        assertEquals(LearnerStatus.LEARNING, s.status());
        assertEquals(List.of(s), live.all(), "b has not started");
    }

    @Test
    void onTheSameVersionTheReplicaWithMoreRecordsSpeaks() {
        publish(3, a, 300, 5, 300, 0.75, 2, LearnerStatus.LEARNING, 4, 1.5, 8, score(0, 0, 0));
        publish(2, a, 320, 6, 320, 0.125, 3, LearnerStatus.CONVERGED, 4, 0.75, 20, score(0, 0, 0));

        LearnerSnapshot s = live.get("a");
        assertEquals(320, s.records());
        assertEquals(0.125, s.loss());
        assertEquals(LearnerStatus.CONVERGED, s.status());
        assertEquals(4, s.version());
        assertEquals(11, s.predicted());
        assertEquals(0.75, s.syncAgeSeconds());
        assertEquals(20, s.staleness());
        assertEquals(Double.NaN, s.rmse(), "no scored records yet on either");
        assertEquals(Double.NaN, s.mae());
    }

    @Test
    void onePartitionIsItsSnapshotAsPublished() {
        LearnerSlot slot = new LearnerSlot(new Learner(b, 2));
        slot.score(1, 4);
        slot.score(2, 6);
        LearnerSnapshot only = LearnerSnapshot.of(slot, 3);
        live.publish(0, only, slot.score(), slot.delayedScore());

        assertSame(only, live.get("b"));
        assertEquals(Math.sqrt((9 + 16) / 2.0), only.rmse(), 1e-12);
        assertEquals(3.5, only.mae(), 1e-12);
        assertEquals(3, only.predicted());
        assertEquals(1, only.replicas());
        assertEquals(0, only.version(), "no global versions on one partition");
        assertEquals(Double.NaN, only.syncAgeSeconds(), "nothing is sent on one partition");
        assertEquals(0, only.staleness());
        assertNull(live.get("a"));
        assertEquals(List.of(only), live.all());
    }

    @Test
    void aStoppedOrPausedAppKeepsItsLastFigures() {
        publish(0, a, 100, 10, 100, 0.5, 7, LearnerStatus.LEARNING, 3, 0.5, 9, score(10, 1000, 90));
        publish(1, a, 120, 30, 120, 0.5, 7, LearnerStatus.LEARNING, 5, 0.25, 4, score(10, 4000, 110));
        nanos += Duration.ofMinutes(5).toNanos();

        LearnerSnapshot s = live.get("a");
        assertEquals(2, s.replicas());
        assertEquals(40, s.predicted());
        assertEquals(5, s.version());
        assertEquals(Math.sqrt(5000.0 / 20), s.rmse(), 1e-12);
    }

    @Test
    void aPartitionThatMovedAwayDropsOutOnceTheOthersGoOnWithoutIt() {
        publish(0, a, 100, 10, 100, 0.5, 7, LearnerStatus.LEARNING, 3, 0.5, 9, score(10, 1000, 90));
        publish(1, a, 120, 30, 120, 0.5, 7, LearnerStatus.LEARNING, 5, 0.25, 4, score(10, 4000, 110));
        nanos += LiveLearners.GONE_AFTER.toNanos();
        publish(0, a, 200, 15, 200, 0.5, 7, LearnerStatus.LEARNING, 3, 0.125, 11, score(20, 500, 60));
        assertEquals(2, live.get("a").replicas(), "not yet: partition 0 went on for exactly 10 s without partition 1");
        nanos += 1;
        publish(0, a, 200, 15, 200, 0.5, 7, LearnerStatus.LEARNING, 3, 0.125, 11, score(20, 500, 60));
        LearnerSnapshot s = live.get("a");
        assertEquals(1, s.replicas(), "partition 1's task went elsewhere");
        assertEquals(15, s.predicted());
        assertEquals(3, s.version());
        assertEquals(Math.sqrt(500.0 / 20), s.rmse(), 1e-12);
        assertEquals(11, s.staleness());

        publish(1, a, 250, 35, 250, 0.5, 7, LearnerStatus.LEARNING, 6, 0.0, 0, score(12, 4100, 120));
        assertEquals(2, live.get("a").replicas(), "and back once it is here again");
        assertEquals(6, live.get("a").version());
        assertEquals(50, live.get("a").predicted());
    }
}
