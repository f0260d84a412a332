package dev.descent.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The same audit after every scenario: the input sent against the predictions committed
 * ({@code read_committed} under exactly-once; all of them under at-least-once), duplicate keys,
 * each learner's records against the labeled input, finite parameters, and the dead letters by
 * reason against the bad records sent.
 */
record Audit(long sent, long failedSends, long good, long predicted, long missing, long duplicates, long labeled,
             long learnerMin, long learnerMax, boolean finite, long bad, long deadLetters, boolean reasonsMatch,
             List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the run kept every promise of its guarantee (at-least-once may repeat, never lose). */
    boolean passed() {
        return problems.isEmpty();
    }

    /**
     * Audits the topics on {@code bootstrap} against {@code input}; {@code learners} is the body of
     * {@code /api/learners} from the instance that ran the partition last. When {@code pruned},
     * retention may have deleted the oldest predictions and dead letters (a soak): records missing
     * from those topics are then not losses, and the learners' counts are what tells.
     */
    static Audit of(String bootstrap, boolean exactlyOnce, ChaosInput input, String predictionsTopic,
                    String deadLettersTopic, JsonNode learners, boolean pruned) {
        List<String> problems = new ArrayList<>();
        Set<String> goodKeys = input.goodKeys();
        List<ConsumerRecord<byte[], byte[]>> predictions = read(bootstrap, predictionsTopic, exactlyOnce);
        Set<String> predictedKeys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> p : predictions) {
            predictedKeys.add(new String(p.key(), StandardCharsets.UTF_8));
        }
        long duplicates = predictions.size() - predictedKeys.size();
        long missing = goodKeys.stream().filter(k -> !predictedKeys.contains(k)).count();
        long unexpected = predictedKeys.stream().filter(k -> !goodKeys.contains(k)).count();
        if (input.failed() > 0) {
            problems.add(input.failed() + " input records not sent: " + input.firstFailure());
        }
        if (missing > 0 && !pruned) {
            problems.add(missing + " records without a prediction");
        }
        if (unexpected > 0) {
            problems.add(unexpected + " predictions of records never sent as good ones");
        }
        if (exactlyOnce && duplicates > 0) {
            problems.add(duplicates + " duplicate predictions under exactly-once");
        }

        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean finite = true;
        JsonNode list = learners == null ? null : learners.get("learners");
        if (list == null || list.isEmpty()) {
            problems.add("no learners to audit");
            min = max = 0;
        } else {
            for (JsonNode learner : list) {
                long records = learner.get("records").asLong();
                min = Math.min(min, records);
                max = Math.max(max, records);
                if (!learner.get("weightNorm").isNumber()) {
                    finite = false;
                    problems.add("learner " + learner.get("learner").asText() + " has non-finite parameters");
                }
            }
        }
        long labeled = input.labeled();
        if (exactlyOnce ? min != labeled || max != labeled : min < labeled) {
            problems.add("learners counted " + min + "–" + max + " labeled records, the input had " + labeled);
        }

        Map<BadRecord, Long> sentBad = input.bad();
        Map<String, Set<String>> lettersByReason = new HashMap<>();
        long letters = 0;
        for (ConsumerRecord<byte[], byte[]> d : read(bootstrap, deadLettersTopic, exactlyOnce)) {
            Header reason = d.headers().lastHeader("descent.reason");
            String name = reason == null ? "(none)" : new String(reason.value(), StandardCharsets.UTF_8);
            lettersByReason.computeIfAbsent(name, r -> new HashSet<>()).add(new String(d.key(), StandardCharsets.UTF_8));
            letters++;
        }
        Map<String, Long> expected = new HashMap<>();
        for (Map.Entry<BadRecord, Long> e : new EnumMap<>(sentBad).entrySet()) {
            expected.merge(e.getKey().reason().header(), e.getValue(), Long::sum);
        }
        Map<String, Long> got = new HashMap<>();
        lettersByReason.forEach((reason, keys) -> got.put(reason, (long) keys.size()));
        boolean match = expected.equals(got) && (!exactlyOnce || letters == expected.values().stream().mapToLong(Long::longValue).sum());
        if (!match && !pruned) {
            problems.add("dead letters by reason " + got + " (" + letters + " records), bad records sent " + expected);
        }
        long bad = sentBad.values().stream().mapToLong(Long::longValue).sum();
        return new Audit(input.sent(), input.failed(), goodKeys.size(), predictedKeys.size(), missing, duplicates, labeled,
                min, max, finite, bad, letters, match, List.copyOf(problems));
    }

    /**
     * Every record of the topic's partition 0 up to its end now. Read committed, the end is the last
     * stable offset, which a transaction left open by a killed instance holds back until the broker
     * aborts it (Kafka Streams' transaction timeout, 10 s): a restarted instance has a new
     * transactional id and does not fence the old one. So the audit first waits for no transaction
     * to be open on the partition, or it would miss every prediction committed after that one.
     */
    private static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, boolean committed) {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        if (committed) {
            awaitNoOpenTransaction(bootstrap, partition, deadline);
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, committed)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to offset " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, boolean committed) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "descent-chaos-audit-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Until the last stable offset is the end of the log: every transaction on the partition committed or aborted. */
    private static void awaitNoOpenTransaction(String bootstrap, TopicPartition partition, long deadline) {
        try (KafkaConsumer<byte[], byte[]> stable = consumer(bootstrap, true);
             KafkaConsumer<byte[], byte[]> log = consumer(bootstrap, false)) {
            while (stable.endOffsets(List.of(partition)).get(partition) < log.endOffsets(List.of(partition)).get(partition)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a transaction stays open on " + partition);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for " + partition, e);
                }
            }
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
