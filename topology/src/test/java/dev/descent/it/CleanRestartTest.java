package dev.descent.it;

import dev.descent.data.CaliforniaHousing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.DefaultLearners;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.ModelKeys;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop mid-stream (Ctrl-C) and a restart: Kafka Streams commits while it closes, and the
 * learners written at that commit must match the offsets committed with them, so no labeled
 * record is lost or learned twice. The restart has nothing on local disk to go by: every store
 * is in memory and restored from its changelog.
 */
class CleanRestartTest {
    static final int RECORDS = 30_000;
    static final String APP = "clean-restart";

    @Test
    void aStoppedAppResumesWhereItCommitted(@TempDir Path dir) throws Exception {
        DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
        stopAndResume(dir, config, Topics.defaults().definitions());
    }

    /**
     * With model keys the input's records are counted by the validate task, a sub-topology of its
     * own: its figures too go on from what the first run committed.
     */
    @Test
    void aStoppedKeyedAppResumesWhereItCommitted(@TempDir Path dir) throws Exception {
        DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all())
                .withModelKeys(ModelKeys.by("ocean_proximity"));
        stopAndResume(dir, config, Topics.defaults().keyedDefinitions(1, 1));
    }

    private static void stopAndResume(Path dir, DescentConfig config, List<NewTopic> definitions) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = config.topics();
            kafka.createTopics(definitions.toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(RECORDS, 11, 0.1);
            TopicWriter.write(bootstrap, topics.input(), records.keyValues());
            Properties properties = StreamsSettings.properties(APP, bootstrap, true,
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString()));

            long processedBeforeStop;
            try (DescentApp first = new DescentApp(config, properties)) {
                first.start(Duration.ofSeconds(90));
                TopicReader.read(bootstrap, topics.predictions(), 3_000, Duration.ofSeconds(90), false);
                processedBeforeStop = first.counters().recordsIn();
            }
            assertTrue(processedBeforeStop < RECORDS, "stopped mid-stream, after " + processedBeforeStop + " records");

            try (DescentApp second = new DescentApp(config, properties)) {
                second.start(Duration.ofSeconds(90));
                ExactlyOnce.assertEveryRecordOnce(bootstrap, topics, records, second);
                // the figures go on from what the first run committed
                assertEquals(RECORDS, second.counters().recordsIn());
                assertEquals(RECORDS, second.counters().predictions());
            }
            assertFalse(Files.exists(dir.resolve("state")), "Kafka Streams kept no lock, checkpoint or store files");
        }
    }
}
