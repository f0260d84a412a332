package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schema;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Replication;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where Kafka Streams keeps local state (default: ~/.descent/streams).")
    private Path stateDir;

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

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This instance's static member id in the application's consumer group: started again with the"
                    + " same id after a crash, it gets its partitions back at once instead of after the session timeout"
                    + " (default: from the host name and the state directory, so each restart on the same directory keeps it).")
    private String instanceId;

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
            Replication replication = new Replication(partitions, syncEvery,
                    Duration.ofNanos(Math.round(syncIntervalSeconds * 1e9)));
            return new DescentConfig(topics, schema, list, lossEvery, modelsEvery).withReplication(replication);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    public Properties streamsProperties(String bootstrapServers, Map<String, String> overrides) {
        return streamsProperties(bootstrapServers, overrides, Path.of(System.getProperty("user.home"), ".descent", "streams"));
    }

    /** With {@code defaultStateDir} unless --state-dir was given. */
    public Properties streamsProperties(String bootstrapServers, Map<String, String> overrides, Path defaultStateDir) {
        Path dir = stateDir != null ? stateDir : defaultStateDir;
        Properties properties = StreamsSettings.properties(applicationId, bootstrapServers, !atLeastOnce, dir, overrides);
        properties.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId != null ? instanceId : defaultInstanceId(dir));
        return properties;
    }

    /**
     * Unique per host and state directory (two instances cannot share a state directory anyway),
     * and the same on every restart there.
     */
    static String defaultInstanceId(Path stateDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String path = stateDir.toAbsolutePath().normalize().toString();
        return "descent-" + host + "-" + String.format(Locale.ROOT, "%08x", path.hashCode());
    }
}
