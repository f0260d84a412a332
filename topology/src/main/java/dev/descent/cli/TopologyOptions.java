package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Listings;
import dev.descent.topology.Replication;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a Descent Streams application is set up: learners, topics, cadences and processing guarantee. */
public final class TopologyOptions {

    @Mixin
    private LearnerOptions learners;

    @Option(names = "--application-id", defaultValue = "descent",
            description = "Kafka Streams application id; its state and offsets belong to it (default: ${DEFAULT-VALUE}).")
    private String applicationId;

    @Option(names = "--input-topic", defaultValue = "houses", description = "Topic of JSON house records (default: ${DEFAULT-VALUE}).")
    private String inputTopic;

    @Option(names = "--at-least-once",
            description = "At-least-once processing instead of exactly-once v2: faster, but a crash may train records twice.")
    private boolean atLeastOnce;

    @Option(names = "--loss-every", defaultValue = "100",
            description = "Labeled records between loss reports per learner (default: ${DEFAULT-VALUE}).")
    private int lossEvery;

    @Option(names = "--models-every", defaultValue = "1000",
            description = "Labeled records between model snapshots per learner (default: ${DEFAULT-VALUE}).")
    private int modelsEvery;

    @Option(names = "--sync-every", defaultValue = "" + Replication.DEFAULT_SYNC_EVERY, paramLabel = "N",
            description = "On an input of several partitions: labeled records a partition's replica of a learner learns"
                    + " before it sends them to the global model (default: ${DEFAULT-VALUE}).")
    private int syncEvery;

    @Option(names = "--sync-interval", defaultValue = "1", paramLabel = "SECONDS",
            description = "On an input of several partitions: the longest a replica keeps what it learned to itself"
                    + " (default: ${DEFAULT-VALUE}).")
    private double syncIntervalSeconds;

    @Mixin
    private ChampionOptions champion;

    @Option(names = "--listings",
            description = "Houses come as a listing (no price: predicted, kept under its key) and a later sale (its key"
                    + " and the price): the sale is scored against the listing's prediction and learned from the"
                    + " listing's features (docs/listings.md).")
    private boolean listings;

    @Option(names = "--label-window", defaultValue = "180", paramLabel = "DAYS",
            description = "With --listings: event time a listing waits for its sale before it expires (default: ${DEFAULT-VALUE}).")
    private double labelWindowDays;

    @Option(names = "--sale-grace", defaultValue = "1", paramLabel = "DAYS",
            description = "With --listings: event time a sale that came before its listing waits for it (default: ${DEFAULT-VALUE}).")
    private double saleGraceDays;

    @Mixin
    private ModelKeyOptions modelKeys;

    @Option(names = "--model-partitions", defaultValue = "0", paramLabel = "N",
            description = "With --model-key: partitions of the repartition topic, so that keys learn on up to N stream"
                    + " threads and instances (0 = as many as the input has; default: ${DEFAULT-VALUE}).")
    private int modelPartitions;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "With --listings: where this instance keeps its pending listings (RocksDB); kept across restarts,"
                    + " so a restart after a clean stop restores only what changed since (default:"
                    + " ~/.descent/state/<instance id>; with --http-port 0, Kafka Streams' own /tmp/kafka-streams).")
    private Path stateDir;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This instance's static member id in the application's consumer group: started again with the"
                    + " same id after a crash, it gets its partitions back at once instead of after the session timeout"
                    + " (default: from the host name and --http-port, so a restart as before keeps it; none with --http-port 0).")
    private String instanceId;

    /** Houses come as listings and sales, whether or not --listings was given: the demo's generator sends them so. */
    void takeListings() {
        listings = true;
    }

    public String applicationId() {
        return applicationId;
    }

    /** The topology for a single-partition input. */
    public DescentConfig config() {
        return config(1);
    }

    /**
     * The topology for an input of {@code partitions} partitions.
     *
     * @throws UserException for settings that do not make a topology, e.g. a learner that cannot be merged
     */
    public DescentConfig config(int partitions) {
        Schema schema = learners.schema();
        List<LearnerConfig> list = learners.learners(schema);
        Topics topics = Topics.withInput(inputTopic);
        try {
            Replication replication = new Replication(modelKeys.on() ? 1 : partitions, syncEvery,
                    Duration.ofNanos(Math.round(syncIntervalSeconds * 1e9)));
            return new DescentConfig(topics, schema, list, lossEvery, modelsEvery).withReplication(replication)
                    .withChampion(champion.rule())
                    .withListings(listings ? Listings.of(days(labelWindowDays), days(saleGraceDays)) : Listings.OFF)
                    .withModelKeys(modelKeys.modelKeys(modelPartitions > 0 ? modelPartitions : partitions));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    static Duration days(double days) {
        if (!Double.isFinite(days) || days < 0 || days > 100 * 365) {
            throw new UserException("--label-window, --sale-grace and --key-ttl take days within 0 and 36500, got " + days);
        }
        return Duration.ofMillis(Math.round(days * Duration.ofDays(1).toMillis()));
    }

    /**
     * The Kafka Streams settings of an instance serving HTTP as {@code http} says: its port names its
     * group member, and its address is where other instances send questions about the model keys it
     * holds.
     */
    public Properties streamsProperties(String bootstrapServers, Map<String, String> overrides, HttpOptions http) {
        int httpPort = http.port();
        Properties properties = StreamsSettings.properties(applicationId, bootstrapServers, !atLeastOnce, overrides);
        String member = instanceId != null ? instanceId : defaultInstanceId(httpPort);
        if (member != null) {
            properties.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member);
        }
        if (http.advertisedAddress() != null) {
            properties.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, http.advertisedAddress());
        }
        if (listings && (stateDir != null || member != null)) {
            // Kafka Streams' default, /tmp/kafka-streams, is shared by every instance of the host and
            // may be cleared by the OS: two instances of one application would fight over its locks.
            // An instance with no member id (--http-port 0) is new at each start and keeps that default.
            properties.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, (stateDir != null ? stateDir
                    : Path.of(System.getProperty("user.home"), ".descent", "state", member)).toString());
        }
        return properties;
    }

    /**
     * The host name and the HTTP port: unique among the instances of a host (two cannot serve on one
     * port) and the same when an instance is started again as it was. None on a port picked at
     * random (0), which a restart would not repeat: that instance is a dynamic member.
     */
    static String defaultInstanceId(int httpPort) {
        if (httpPort == 0) {
            return null;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "descent-" + host + "-" + httpPort;
    }
}
