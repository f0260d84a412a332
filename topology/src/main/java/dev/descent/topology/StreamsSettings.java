package dev.descent.topology;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties for a Descent application: exactly-once v2 unless at-least-once is
 * asked for, a producer that can carry any record the input topic accepts to the dead-letter
 * topic, then the caller's overrides (any Kafka client or security property), which win.
 *
 * <p>No {@code state.dir}: the learners' stores are in memory, restored from their changelogs, and
 * Kafka Streams writes no lock, checkpoint or store file for them. Only {@link Listings} keeps
 * RocksDB stores, within one memory budget ({@link BoundedRocksDb}), where the caller says.
 */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    public static Properties properties(String applicationId, String bootstrapServers, boolean exactlyOnce,
                                        Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        // Descent's processors never throw on a record (bad input becomes a dead letter); this opts in
        // to the Kafka 5.0 default. Kafka Streams 4.3 also checks it in the config its partition
        // assignor builds from the main consumer's settings, and warns at every start unless the main
        // consumer carries it too.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Integer.toString(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        // A prediction record carries every learner's numbers: with the default 16 KB batches the
        // producer sent a request every few dozen records, and the 8-learner topology ran at half the
        // speed it does with 256 KB.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        // On several partitions the replicas rebase onto the merger's versions as soon as they are
        // written, not a commit later: a version that is then aborted costs nothing but a little
        // accuracy, since each replica's deltas count only its own learning (docs/partitions.md).
        // The merger itself reads the deltas read_committed, as every Kafka Streams task does.
        p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_uncommitted");
        // A member that dies is noticed after the session timeout, and until then its partitions wait:
        // Kafka's 45 s default held a restarted or surviving instance idle that long. 10 s notices a
        // crash sooner; the cost is that a member silent for 10 s (a long GC pause, a network cut)
        // is taken for dead and its partitions move. Heartbeats go every 3 s, as by default.
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        if (!exactlyOnce) {
            // Kafka Streams commits at-least-once every 30 s by default: a crash then repeats up to
            // 30 s of input (16-19% of the predictions in two crash runs). Each second bounds that to
            // a second's worth; the cost is measured in `descent bench` (docs/bench.md).
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        }
        p.putAll(overrides);
        return p;
    }
}
