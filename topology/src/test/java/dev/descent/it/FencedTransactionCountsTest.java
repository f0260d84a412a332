package dev.descent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.descent.Poll;
import dev.descent.config.DefaultLearners;
import dev.descent.data.CaliforniaHousing;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;

/**
 * The processing counters after an aborted transaction: the app's producer is fenced mid-stream
 * (as a broker crash or a zombie instance would), so the records it processed since its last
 * commit are aborted and processed again. Counted once, as committed, not twice.
 */
class FencedTransactionCountsTest {
    static final int RECORDS = 30_000;
    static final String APP = "fenced-counts";

    @Test
    void countersCountWhatCommittedAfterAnAbortedTransaction() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.defaults();
            kafka.createTopics(topics.definitions().toArray(NewTopic[]::new));
            GeneratedRecords records = GeneratedRecords.of(RECORDS, 17, 0.1);
            DescentConfig config = DescentConfig.of(CaliforniaHousing.schema(), DefaultLearners.all());
            // A long commit interval leaves seconds of processed, uncommitted records for the fence to abort.
            var properties = StreamsSettings.properties(APP, bootstrap, true, Map.of("commit.interval.ms", "3000"));
            try (DescentApp app = new DescentApp(config, properties);
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                app.start(Duration.ofSeconds(90));
                Thread writer = new Thread(() -> TopicWriter.write(bootstrap, topics.input(), records.keyValues(), 1, 5_000));
                writer.start();
                Poll.until(Duration.ofSeconds(60), Duration.ofMillis(20), () -> app.counters().recordsIn() >= RECORDS / 3,
                        () -> new IllegalStateException("the app processed only " + app.counters().recordsIn() + " records"));
                List<String> producers = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                        .map(TransactionListing::transactionalId).filter(id -> id.startsWith(APP)).toList();
                assertFalse(producers.isEmpty(), "the app has a transactional producer");
                admin.fenceProducers(producers).all().get(30, TimeUnit.SECONDS);
                writer.join();

                ExactlyOnce.assertEveryRecordOnce(bootstrap, topics, records, app);
                assertEquals(RECORDS, app.counters().recordsIn(), "records in, counted as committed");
                assertEquals(RECORDS, app.counters().predictions(), "predictions, counted as committed");
            }
        }
    }
}
