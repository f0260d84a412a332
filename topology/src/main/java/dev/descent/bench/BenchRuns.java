package dev.descent.bench;

import dev.descent.TempDirectory;
import dev.descent.data.HouseGenerator;
import dev.descent.data.LabelDelay;
import dev.descent.data.ListingClock;
import dev.descent.data.ListingStream;
import dev.descent.data.HouseProducer;
import dev.descent.data.ProduceProgress;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.kafka.TopicAdmin;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.replay.ReplayRange;
import dev.descent.replay.ReplayRun;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.DescentTopology;
import dev.descent.topology.HouseParser;
import dev.descent.topology.Listings;
import dev.descent.topology.ModelKeys;
import dev.descent.topology.Replication;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The apps {@code descent bench} measures, on an embedded broker of its own, over one topic of
 * generated houses loaded once ({@link #load}): each app runs under a fresh application id, with
 * its own output topics, so that every round of every app starts from the topic's first record.
 */
public final class BenchRuns implements AutoCloseable {
    /** Every app commits every 100 ms, the exactly-once default, at-least-once ones included. */
    private static final Map<String, String> COMMIT_EVERY_100_MS = Map.of("commit.interval.ms", "100");
    private static final String INPUT = "bench-houses";
    /** The same houses as listings and their sales ({@link #loadListings}). */
    private static final String LISTINGS = "bench-listings";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final TopicAdmin topics;
    /** Where the listings runs keep their RocksDB stores; removed at {@link #close}. */
    private final Path state;

    /** A whole replay's wall-clock time over {@code records} records, and where its time went. */
    public record ReplayTiming(long records, double seconds, ReplayRun.Result result) {
        public double recordsPerSecond() {
            return records / seconds;
        }
    }

    private BenchRuns(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        this.topics = new TopicAdmin(admin);
        this.state = TempDirectory.create("descent-bench-state-");
    }

    /** Starts the broker. */
    public static BenchRuns start() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        try {
            return new BenchRuns(broker);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The topic every app reads. */
    public String input() {
        return INPUT;
    }

    /** Creates the input topic and loads it with {@code records} generated houses, 5% of them unlabeled. */
    public ProduceProgress load(long records) {
        topics.create(List.of(Topics.withInput(INPUT).definitions().get(0)));
        try (HouseProducer producer = new HouseProducer(broker.bootstrapServers(), Map.of())) {
            return producer.produce(INPUT, new HouseGenerator(42, 0.05).limit(records));
        }
    }

    /**
     * Creates the listings topic and loads it with the houses of {@link #load}, each as a listing and
     * (the 95% priced) its sale: all listed within one simulated day, all sold 30 days later, so that
     * every house is pending before the first sale. Returns the messages loaded.
     */
    public long loadListings(long houses) {
        topics.create(List.of(Topics.withInput(LISTINGS).definitions(1, Retention.DEFAULT).get(0)));
        try (HouseProducer producer = new HouseProducer(broker.bootstrapServers(), Map.of())) {
            return producer.produce(LISTINGS, new ListingStream(new HouseGenerator(42, 0.05), 42, houses,
                    new ListingClock(houses), new LabelDelay.Constant(Duration.ofDays(30).toMillis()))).records();
        }
    }

    /** Records (listings and sales) per second of the Descent topology with {@code learners} and listings on. */
    public double listings(String name, int round, Schema schema, List<LearnerConfig> learners, boolean exactlyOnce)
            throws InterruptedException {
        String app = name + "-" + round;
        DescentConfig config = new DescentConfig(prefixed(Topics.withInput(LISTINGS), app), schema, learners, 100, 1000)
                .withListings(Listings.of(Listings.DEFAULT_WINDOW, Listings.DEFAULT_GRACE));
        topics.create(config.topics().outputDefinitions());
        Map<String, String> settings = new HashMap<>(COMMIT_EVERY_100_MS);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve(app).toString());
        return ThroughputRun.measure(DescentTopology.build(config), StreamsSettings.properties("bench-" + app,
                broker.bootstrapServers(), exactlyOnce, settings), admin, LISTINGS, endOffset(LISTINGS), TIMEOUT);
    }

    /** The listings app in a JVM of its own, for its resident memory, then restored by new instances. */
    public ListingsMemoryRun.Memory listingsMemory(String grid, List<String> jvmOptions, Schema schema,
                                                   List<LearnerConfig> learners) throws InterruptedException {
        return ListingsMemoryRun.measure(broker.bootstrapServers(), admin, LISTINGS, endOffset(LISTINGS), grid,
                jvmOptions, schema, learners, state.resolve("memory"), TIMEOUT);
    }

    /**
     * The 8-learner grid (or any {@code learners}) on {@code partitions} input partitions, at-least-once,
     * as {@code instances} instances of {@code threads} stream threads each: a partitioned copy of the
     * input, loaded once with the same houses, spread by key.
     */
    public ThroughputRun.Throughput descentOnPartitions(String name, int round, Schema schema,
                                                        List<LearnerConfig> learners, int partitions, int instances,
                                                        int threads) throws InterruptedException {
        String input = partitions == 1 ? INPUT : partitionedInput(partitions);
        String app = name + "-" + round;
        DescentConfig config = new DescentConfig(prefixed(Topics.withInput(input), app), schema, learners, 100, 1000)
                .withReplication(Replication.NONE.withPartitions(partitions));
        topics.create(config.topics().outputDefinitions());
        if (partitions > 1) {
            topics.create(config.topics().replicationDefinitions());
        }
        Map<String, String> settings = new HashMap<>(COMMIT_EVERY_100_MS);
        settings.put("num.stream.threads", Integer.toString(threads));
        List<DescentApp> apps = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                apps.add(new DescentApp(config, StreamsSettings.properties("bench-" + app, broker.bootstrapServers(), false,
                        settings)));
            }
            return ThroughputRun.measure(apps, "bench-" + app, admin, input, partitions, records(), TIMEOUT);
        } finally {
            apps.forEach(DescentApp::close);
        }
    }

    /** A keyed run's throughput, and the keys' learners as stored at its end. */
    public record KeyedRun(ThroughputRun.Throughput throughput, DescentApp.KeyStates keys) {
    }

    /**
     * The grid (or any {@code learners}) with learners per value of {@code keyField}, at-least-once:
     * the input's one partition parsed and repartitioned onto {@code partitions}, learned by
     * {@code threads} stream threads; with {@code global}, the global learners learn every record
     * beside the keys' (the default fallback and warm start), without, only the keys' learners learn.
     */
    public KeyedRun keyed(String name, int round, Schema schema, List<LearnerConfig> learners, String keyField,
                          int partitions, int threads, boolean global) throws InterruptedException {
        String app = name + "-" + round;
        Topics keyedTopics = prefixed(Topics.withInput(INPUT), app);
        DescentConfig config = new DescentConfig(keyedTopics, schema, learners, 100, 1000)
                .withModelKeys(new ModelKeys(keyField, partitions, ModelKeys.DEFAULT_MIN_KEY_RECORDS,
                        ModelKeys.DEFAULT_MAX_KEYS, Duration.ZERO, global, global, false, ModelKeys.DEFAULT_METRIC_KEYS));
        List<NewTopic> outputsAndRepartition = keyedTopics.keyedDefinitions(1, partitions);
        topics.create(outputsAndRepartition.subList(1, outputsAndRepartition.size()));
        Map<String, String> settings = new HashMap<>(COMMIT_EVERY_100_MS);
        settings.put("num.stream.threads", Integer.toString(threads));
        try (DescentApp descent = new DescentApp(config, StreamsSettings.properties("bench-" + app,
                broker.bootstrapServers(), false, settings))) {
            ThroughputRun.Throughput throughput = ThroughputRun.measure(List.of(descent), "bench-" + app, admin, INPUT,
                    1, records(), keyedTopics.keyed(), TIMEOUT);
            return new KeyedRun(throughput, descent.keyStates());
        }
    }

    /** The input again, on {@code partitions} partitions: created and loaded on first use. */
    private String partitionedInput(int partitions) {
        String name = INPUT + "-" + partitions;
        if (topics.partitionCounts(Set.of(name)).isEmpty()) {
            topics.create(Topics.withInput(name).definitions(partitions).subList(0, 1));
            try (HouseProducer producer = new HouseProducer(broker.bootstrapServers(), Map.of())) {
                producer.produce(name, new HouseGenerator(42, 0.05).limit(records()));
            }
        }
        return name;
    }

    /** Records per second of {@link PassThroughTopology}, the baseline. */
    public double passThrough(HouseParser parser, int round) throws InterruptedException {
        String output = "bench-pass-through-out-" + round;
        topics.create(List.of(Topics.withInput(output).definitions().get(0)));
        return ThroughputRun.measure(PassThroughTopology.build(INPUT, output, parser),
                properties("bench-pass-through-" + round, false), admin, INPUT, records(), TIMEOUT);
    }

    /** Records per second of the Descent topology with {@code learners}. */
    public double descent(String name, int round, Schema schema, List<LearnerConfig> learners, boolean exactlyOnce)
            throws InterruptedException {
        String app = name + "-" + round;
        return ThroughputRun.measure(DescentTopology.build(outputsOf(app, schema, learners)),
                properties("bench-" + app, exactlyOnce), admin, INPUT, records(), TIMEOUT);
    }

    /**
     * {@link #descent} at-least-once, committing every {@code interval} instead of the bench's
     * 100 ms: what the commit interval costs (a crash repeats up to one interval of input).
     */
    public double descentCommittingEvery(String name, int round, Schema schema, List<LearnerConfig> learners,
                                         Duration interval) throws InterruptedException {
        String app = name + "-" + round;
        return ThroughputRun.measure(DescentTopology.build(outputsOf(app, schema, learners)),
                StreamsSettings.properties("bench-" + app, broker.bootstrapServers(), false,
                        Map.of("commit.interval.ms", Long.toString(interval.toMillis()))), admin, INPUT, records(), TIMEOUT);
    }

    /** The same, at-least-once, with the app's metrics scraped every second. */
    public MetricsCostRun.MetricsCost descentScraped(String name, int round, Schema schema, List<LearnerConfig> learners)
            throws InterruptedException, IOException {
        String app = name + "-" + round;
        return MetricsCostRun.measure(outputsOf(app, schema, learners), properties("bench-" + app, false), app, admin,
                INPUT, records(), TIMEOUT);
    }

    /** A whole {@code descent replay} of the input with {@code learners}, exactly-once: set-up, topology run and report. */
    public ReplayTiming replay(int round, Schema schema, List<LearnerConfig> learners) throws InterruptedException {
        DescentConfig config = new DescentConfig(Topics.withInput(INPUT), schema, learners, 100, 1000);
        long start = System.nanoTime();
        ReplayRange range = ReplayRange.resolve(admin, INPUT, "earliest", "end");
        ReplayRun.Result result = new ReplayRun(broker.bootstrapServers(), COMMIT_EVERY_100_MS, true)
                .run(range, 1, "bench-" + round, config, 5000, progress -> { }, app -> () -> { });
        return new ReplayTiming(range.size(), (System.nanoTime() - start) / 1e9, result);
    }

    /** {@code GET /metrics} times while the app learns from a live stream of {@code rate} generated houses per second. */
    public ScrapeRun.ScrapeTime scrapeLive(Schema schema, List<LearnerConfig> learners, double rate)
            throws InterruptedException, IOException {
        Topics live = prefixed(Topics.withInput("bench-scrape-houses"), "scrape-live");
        topics.create(live.definitions());
        return ScrapeRun.measure(broker.bootstrapServers(), new DescentConfig(live, schema, learners, 100, 1000),
                properties("bench-scrape-live", false), rate);
    }

    /** {@code GET /metrics} times while the app catches up on the input with every core busy. */
    public ScrapeRun.ScrapeTime scrapeBacklog(Schema schema, List<LearnerConfig> learners)
            throws InterruptedException, IOException {
        Topics backlog = prefixed(Topics.withInput(INPUT), "scrape-backlog");
        topics.create(backlog.outputDefinitions());
        return ScrapeRun.measure(broker.bootstrapServers(), new DescentConfig(backlog, schema, learners, 100, 1000),
                properties("bench-scrape-backlog", false), 0);
    }

    /** Latency at a steady {@code rate}, exactly-once, on a topic of its own. */
    public LatencyRun.Latency latency(Schema schema, List<LearnerConfig> learners, double rate, Duration duration)
            throws InterruptedException {
        DescentConfig config = new DescentConfig(prefixed(Topics.withInput("bench-latency-houses"), "latency"), schema,
                learners, 100, 1000);
        topics.create(config.topics().definitions());
        return LatencyRun.measure(broker.bootstrapServers(), config, StreamsSettings.properties("bench-latency",
                broker.bootstrapServers(), true, Map.of()), rate, duration);
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            broker.close();
            TempDirectory.delete(state);
        }
    }

    /** A Descent app reading the input and writing to output topics of its own, created here. */
    private DescentConfig outputsOf(String app, Schema schema, List<LearnerConfig> learners) {
        DescentConfig config = new DescentConfig(prefixed(Topics.withInput(INPUT), app), schema, learners, 100, 1000);
        topics.create(config.topics().outputDefinitions());
        return config;
    }

    private static Topics prefixed(Topics topics, String prefix) {
        return new Topics(topics.input(), prefix + "-predictions", prefix + "-loss", prefix + "-models",
                prefix + "-dead-letters", prefix + "-drift", prefix + "-expired");
    }

    private Properties properties(String applicationId, boolean exactlyOnce) {
        return StreamsSettings.properties(applicationId, broker.bootstrapServers(), exactlyOnce,
                COMMIT_EVERY_100_MS);
    }

    /** The input's end offset: the records every app must commit. */
    private long records() {
        return endOffset(INPUT);
    }

    private long endOffset(String topic) {
        try {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next().offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + topic, e);
        }
    }
}
