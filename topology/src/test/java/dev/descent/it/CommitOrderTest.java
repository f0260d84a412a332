package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Poll;
import dev.descent.config.DefaultLearners;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.LearnerConfig;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.DescentTopology;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once, every transaction that commits an input offset also commits the learners as
 * of that offset: their changelog records are sent before the transaction commits, so a restart
 * neither loses nor repeats a step. Checked on the producer Kafka Streams commits through, at every
 * commit of a real run on the embedded broker.
 *
 * <p>This is the order inside Kafka Streams that {@code CheckpointingStore} relies on (checked on
 * Kafka 4.3.1): a commit begins with {@code StreamTask.prepareCommit}, whose {@code flush()} calls
 * {@code ProcessorStateManager.flushCache()}, which calls {@code flushCache()} on the learners'
 * store, where the learners that changed are put and their changelog records sent; only then does
 * {@code StreamsProducer.commitTransaction} add the offsets and commit. Should an upgrade flush the
 * caches after the offsets, or no longer call {@code flushCache()} on a store that wraps another,
 * the learners would be committed a transaction late or only on close, and a crash would restore
 * learners older than the committed offsets. This test then fails at the first commit, where the
 * restart tests ({@link CrashRestartTest}, {@link CleanRestartTest}) fail only if the stop happens
 * to land in that gap.
 */
class CommitOrderTest {
    static final String APP = "commit-order";
    static final String CHANGELOG = APP + "-" + DescentTopology.STORE + "-changelog";
    static final int BATCHES = 3;
    static final int BATCH_SIZE = 1_000;

    /** What one transaction committed: the input offset, and each learner's record count as of its changelog. */
    record Commit(long inputOffset, Map<String, Long> learnedRecords) {
    }

    @Test
    void everyTransactionCommitsTheLearnersAsOfTheInputOffsetItCommits() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             Admin admin = TopicAdmin.connect(kafka.bootstrapServers(), Map.of())) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            TopicPartition input = new TopicPartition(topics.input(), 0);
            GeneratedRecords records = GeneratedRecords.of(BATCHES * BATCH_SIZE, 13, 0.1);
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            RecordingClients clients = new RecordingClients(input);
            try (KafkaStreams streams = new KafkaStreams(DescentTopology.build(config),
                    StreamsSettings.properties(APP, bootstrap, true, Map.of()), clients)) {
                startAndAwaitRunning(streams);
                // One batch at a time, each committed before the next is written, so that several
                // transactions each commit learners that changed.
                for (int end = BATCH_SIZE; end <= BATCHES * BATCH_SIZE; end += BATCH_SIZE) {
                    TopicWriter.write(bootstrap, topics.input(), records.keyValues().subList(end - BATCH_SIZE, end));
                    long batchEnd = end;
                    Poll.until(Duration.ofSeconds(90), Duration.ofMillis(50),
                            () -> new TopicAdmin(admin).committedOffset(APP, input) >= batchEnd,
                            () -> new IllegalStateException(APP + " did not commit offset " + batchEnd + " within 90 s"));
                }
            }

            List<Commit> commits = clients.commits();
            assertTrue(commits.stream().filter(c -> c.inputOffset() > 0).map(Commit::inputOffset).distinct().count()
                    >= BATCHES, "a transaction for each batch at least: " + commits);
            assertEquals(BATCHES * BATCH_SIZE, commits.get(commits.size() - 1).inputOffset(), "the last commit");
            for (Commit commit : commits) {
                long labeled = records.labeledBefore()[(int) commit.inputOffset()];
                for (LearnerConfig learner : config.learners()) {
                    assertEquals(labeled, commit.learnedRecords().getOrDefault(learner.id(), 0L),
                            learner.id() + ": the learner committed with input offset " + commit.inputOffset()
                                    + " has learned every labeled record before it, and no later one");
                }
            }
        }
    }

    private static void startAndAwaitRunning(KafkaStreams streams) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        assertTrue(running.await(90, TimeUnit.SECONDS), "RUNNING within 90 s");
    }

    /** Kafka Streams' usual clients, except that its producer notes what each transaction commits. */
    private static final class RecordingClients implements KafkaClientSupplier {
        private final TopicPartition input;
        private final List<Commit> commits = new ArrayList<>();

        RecordingClients(TopicPartition input) {
            this.input = input;
        }

        synchronized List<Commit> commits() {
            return List.copyOf(commits);
        }

        synchronized void record(Commit commit) {
            commits.add(commit);
        }

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            return Admin.create(config);
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            return new RecordingProducer(config, this);
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            return getConsumer(config);
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            return getConsumer(config);
        }
    }

    /**
     * Follows the learners' changelog records through transactions: those of an aborted transaction
     * are dropped, those of a committed one are noted with the input offset it committed.
     */
    private static final class RecordingProducer extends KafkaProducer<byte[], byte[]> {
        private final RecordingClients clients;
        private final Map<String, Long> committed = new HashMap<>();
        private final Map<String, Long> pending = new HashMap<>();
        private long pendingInputOffset = -1;

        RecordingProducer(Map<String, Object> config, RecordingClients clients) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
            this.clients = clients;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            // the task's own records share the changelog with the learners (LearnProcessor.isLearner)
            if (record.topic().equals(CHANGELOG) && record.key()[0] >= 0x20) {
                pending.put(new String(record.key(), StandardCharsets.UTF_8),
                        LearnerSlot.decode(record.value()).learner().records());
            }
            return super.send(record, callback);
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             ConsumerGroupMetadata groupMetadata) {
            OffsetAndMetadata offset = offsets.get(clients.input);
            pendingInputOffset = offset == null ? -1 : offset.offset();
            super.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void commitTransaction() {
            super.commitTransaction();
            committed.putAll(pending);
            if (pendingInputOffset >= 0) {
                clients.record(new Commit(pendingInputOffset, Map.copyOf(committed)));
            }
            pending.clear();
            pendingInputOffset = -1;
        }

        @Override
        public void abortTransaction() {
            super.abortTransaction();
            pending.clear();
            pendingInputOffset = -1;
        }
    }
}
