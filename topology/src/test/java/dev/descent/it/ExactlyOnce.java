package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.model.Learner;
import dev.descent.topology.DescentApp;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What exactly-once means after a restart, checked on a running app that has caught up with {@code records}. */
final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /**
     * One committed prediction per input record, none twice, and every learner has learned every
     * labeled record exactly once (one step per full batch unless it diverged). Returns the predictions.
     */
    static List<ConsumerRecord<byte[], byte[]>> assertEveryRecordOnce(String bootstrap, Topics topics,
                                                                      GeneratedRecords records, DescentApp app) {
        List<ConsumerRecord<byte[], byte[]>> predictions = assertEveryPredictionOnce(bootstrap, topics, records);
        List<LearnerSlot> learners = app.learners();
        assertEquals(app.config().learners().size(), learners.size());
        for (LearnerSlot slot : learners) {
            Learner l = slot.learner();
            String id = l.config().id();
            assertEquals(records.labeled(), l.records(), id + ": every labeled record learned exactly once");
            assertEquals(records.labeled(), slot.scored(), id);
            if (l.status() != Learner.Status.DIVERGED) {
                assertEquals(records.labeled() / l.config().batchSize(), l.steps(), id + ": one step per full batch");
            }
        }
        return predictions;
    }

    /** One committed prediction per input record, none twice. Returns the predictions. */
    static List<ConsumerRecord<byte[], byte[]>> assertEveryPredictionOnce(String bootstrap, Topics topics,
                                                                          GeneratedRecords records) {
        int total = records.keyValues().size();
        List<ConsumerRecord<byte[], byte[]>> predictions =
                TopicReader.readCommitted(bootstrap, topics.predictions(), total, Duration.ofSeconds(120));
        assertEquals(total, predictions.size(), "one committed prediction per input record");
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> p : predictions) {
            assertTrue(keys.add(new String(p.key(), StandardCharsets.UTF_8)), "duplicate prediction");
        }
        assertEquals(records.keys(), keys);
        return predictions;
    }
}
