package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.data.GeneratedHouse;
import dev.descent.data.HouseGenerator;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.topology.DeadLetterReason;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.ModelKeys;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A flood of model keys on the embedded broker: 100,000 records of 100,000 different keys
 * against {@code --max-keys 1000} over two partitions. The first 500 keys of each partition get
 * learners, every other key's record is a dead letter {@code too_many_keys}, the app keeps
 * running, and keys it holds go on learning; memory holds 1,000 keys' learners, not 100,000.
 */
class KeyLimitTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int FLOOD = 100_000;
    static final int MAX_KEYS = 1_000;

    @Test
    void keysBeyondTheLimitAreDeadLettersAndTheAppGoesOn() throws Exception {
        HouseGenerator generator = new HouseGenerator(3);
        List<byte[][]> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(record(generator.nextHouse(), "k" + i));
        }
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.keyedDefinitions(1, 2, Retention.DEFAULT).toArray(NewTopic[]::new));
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all().subList(0, 2))
                    .withModelKeys(new ModelKeys("market", 2, 10, MAX_KEYS, Duration.ZERO, true, true, false, 20));
            try (DescentApp app = new DescentApp(config, StreamsSettings.properties("key-limit", bootstrap, true,
                    Map.of()))) {
                app.start(Duration.ofSeconds(60));
                TopicWriter.write(bootstrap, topics.input(), flood);
                List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readCommitted(bootstrap, topics.deadLetters(),
                        FLOOD - MAX_KEYS, Duration.ofSeconds(240));
                assertEquals(FLOOD - MAX_KEYS, dead.size(), "every key beyond the first 500 of each partition");
                for (ConsumerRecord<byte[], byte[]> letter : dead) {
                    assertEquals("too_many_keys", new String(letter.headers().lastHeader("descent.reason").value(),
                            StandardCharsets.UTF_8));
                }
                List<ConsumerRecord<byte[], byte[]>> predicted = TopicReader.readCommitted(bootstrap,
                        topics.predictions(), MAX_KEYS, Duration.ofSeconds(60));
                assertEquals(MAX_KEYS, predicted.size(), "the keys held were predicted and learned");

                // The app goes on: 20 more records of each of 10 keys it holds are learned.
                Map<String, Integer> held = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> p : predicted.subList(0, 10)) {
                    held.put(JSON.readTree(p.value()).get("model").asText(), 1);
                }
                List<byte[][]> more = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    for (String key : held.keySet()) {
                        more.add(record(generator.nextHouse(), key));
                    }
                }
                TopicWriter.write(bootstrap, topics.input(), more);
                TopicReader.readCommitted(bootstrap, topics.predictions(), MAX_KEYS + more.size(), Duration.ofSeconds(60));
                assertEquals(MAX_KEYS, app.live().keys().keys(), "the learners of 1,000 keys in memory");
                assertEquals(FLOOD - MAX_KEYS, app.counters().deadLetters(DeadLetterReason.TOO_MANY_KEYS));
                for (String key : held.keySet()) {
                    DescentApp.KeyLearners learners = heldHere(app, key);
                    assertEquals(21, learners.labeled(), key + ": its first record and 20 more");
                    assertTrue(!learners.servedByGlobal(), key + " has learned --min-key-records");
                }
            }
        }
    }

    /** The key's learners from whichever of the two partitions holds them (no application.server here to ask). */
    private static DescentApp.KeyLearners heldHere(DescentApp app, String key) {
        for (int partition = 0; partition < 2; partition++) {
            DescentApp.KeyLearners learners = app.keyLearners(key, partition).orElseThrow();
            if (!learners.own().isEmpty()) {
                return learners;
            }
        }
        throw new AssertionError("no partition holds " + key);
    }

    private static byte[][] record(GeneratedHouse house, String market) throws Exception {
        ObjectNode value = (ObjectNode) JSON.readTree(house.toMessage().value());
        value.put("market", market);
        return new byte[][] {house.key().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(value)};
    }
}
