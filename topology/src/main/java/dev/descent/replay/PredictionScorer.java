package dev.descent.replay;

import dev.descent.evaluate.LearnerTrace;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.PredictionDoubles;
import dev.descent.topology.PredictionFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Scores a replay's learners from its {@code predictions} topic, record by record in offset
 * order, with the {@link LearnerTrace} that {@code evaluate} uses. The replay writes that topic in
 * the {@link PredictionFormat#DOUBLES} format, the learners in the order given here, so the scores
 * are of exactly the doubles the learners predicted. It reads on its own thread while the
 * topology runs, so scoring costs the replay little time; {@link #finish} reads up to the topic's
 * end once the topology has stopped.
 *
 * <p>With model keys the records are {@link PredictionDoubles#writeKeyed keyed}: the traces are the
 * global learners', of the records they predicted, and {@link KeyedScores} takes the rest.
 */
final class PredictionScorer implements AutoCloseable {
    private final Map<String, Object> consumerProperties;
    private final TopicPartition partition;
    private final List<LearnerConfig> learners;
    private final Map<String, Integer> index = new HashMap<>();      // learner id → position in the records
    private final LearnerTrace[] traces;
    private final double[] predictions;
    /** With model keys; null without. */
    private final KeyedScores keyed;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean finishing;
    private volatile boolean abandoned;
    private long unlabeled;

    PredictionScorer(String bootstrapServers, Map<String, String> clientProperties, String topic,
                     List<LearnerConfig> learners, int window, boolean modelKeys) {
        this.consumerProperties = RangeCopy.committedReader(bootstrapServers, clientProperties);
        this.partition = new TopicPartition(topic, 0);
        this.learners = List.copyOf(learners);
        this.traces = new LearnerTrace[learners.size()];
        this.predictions = new double[learners.size()];
        this.keyed = modelKeys ? new KeyedScores(learners) : null;
        for (int i = 0; i < learners.size(); i++) {
            index.put(learners.get(i).id(), i);
            traces[i] = new LearnerTrace(window);
        }
        this.thread = new Thread(this::readUntilFinished, "descent-replay-scorer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Reads what is left up to the end of the topic, then returns; the traces are complete after it. */
    void finish(Duration timeout) throws InterruptedException {
        finishing = true;
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException("scoring the predictions did not finish within " + timeout);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("scoring the predictions failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** Stops reading, finished or not (a replay that failed half way); the traces are then incomplete. */
    @Override
    public void close() throws InterruptedException {
        abandoned = true;
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    LearnerTrace trace(String learnerId) {
        return traces[index.get(learnerId)];
    }

    long unlabeled() {
        return unlabeled;
    }

    /** With model keys, the scores per key; null without. */
    KeyedScores keyed() {
        return keyed;
    }

    private void readUntilFinished() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = Long.MAX_VALUE;
            while (!abandoned && consumer.position(partition) < end) {
                if (finishing && end == Long.MAX_VALUE) {
                    // the topology has stopped: everything it wrote is committed and below the end offset
                    end = consumer.endOffsets(List.of(partition)).get(partition);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    score(record.value());
                }
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /** One prediction record, in the {@link PredictionFormat#DOUBLES} format the replay's topology writes. */
    private void score(byte[] value) {
        if (keyed != null) {
            scoreKeyed(PredictionDoubles.readKeyed(value, traces.length));
            return;
        }
        double label = PredictionDoubles.read(value, predictions);
        if (Double.isNaN(label)) {
            unlabeled++;
            return;
        }
        for (int i = 0; i < traces.length; i++) {
            traces[i].add(predictions[i], learners.get(i).target(label));
        }
    }

    /** One record of a topology with model keys, in {@link PredictionDoubles#writeKeyed}'s layout. */
    private void scoreKeyed(PredictionDoubles.KeyedPrediction record) {
        if (!record.labeled()) {
            unlabeled++;
            return;
        }
        if (record.global() != null) {
            for (int i = 0; i < traces.length; i++) {
                traces[i].add(record.global()[i], learners.get(i).target(record.label()));
            }
        }
        keyed.add(record);
    }
}
