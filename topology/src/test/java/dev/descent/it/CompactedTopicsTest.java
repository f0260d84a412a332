package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.config.DefaultLearners;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * The two compacted topics, the models and the learners' changelog (which Kafka Streams creates),
 * get small segments on a real broker, so compaction keeps them near their latest states.
 */
class CompactedTopicsTest {

    @Test
    void theModelsAndTheLearnersChangelogHaveSmallSegments() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(200, 5, 0);
            TopicWriter.write(bootstrap, topics.input(), records.keyValues());
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            String app = "compacted";
            try (DescentApp descent = new DescentApp(config, StreamsSettings.properties(app, bootstrap, true,
                    Map.of()))) {
                descent.start(Duration.ofSeconds(90));
                TopicReader.read(bootstrap, topics.predictions(), 200, Duration.ofSeconds(90), false);
            }
            try (Admin admin = TopicAdmin.connect(bootstrap, Map.of())) {
                for (String topic : List.of(topics.models(), app + "-learners-changelog")) {
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                    Config described = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
                    assertEquals("compact", described.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), topic);
                    assertEquals(Integer.toString(16 * 1024 * 1024), described.get(TopicConfig.SEGMENT_BYTES_CONFIG).value(),
                            topic);
                }
            }
        }
    }
}
