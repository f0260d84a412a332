package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.kafka.Retention;
import dev.descent.kafka.TopicAdmin;
import dev.descent.observe.Observability;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descent run}: the Descent topology against an existing Kafka cluster, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Descent topology against an existing Kafka cluster until Ctrl-C.")
public final class RunCommand implements Callable<Integer> {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to connect to.")
    private String bootstrapServers;

    @Option(names = "--progress-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    private int progressEvery;

    @Mixin
    private TopologyOptions topology;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private HttpOptions http;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> overrides = kafka.asMap();
        PrintWriter out = spec.commandLine().getOut();
        DescentConfig config = prepareTopics(bootstrapServers, overrides, topology, out);
        StopSignal stop = StopSignal.install();
        try (DescentApp app = new DescentApp(config, topology.streamsProperties(bootstrapServers, overrides, http));
             Observability observability = http.start(app, topology.applicationId())) {
            // The live page answers from here on, with the app's status while it waits for its partitions.
            out.println("descent: application '" + topology.applicationId() + "' starting on " + bootstrapServers
                    + ", live page " + http.url(observability));
            out.flush();
            app.start(START_TIMEOUT);
            out.println("descent: running, reading '" + config.topics().input() + "' (" + partitions(config)
                    + ") — Ctrl-C to stop");
            new LiveRun(app, out)
                    .until(stop, () -> false, Duration.ofSeconds(progressEvery), () -> "learners");
        } finally {
            stop.cleanedUp();
        }
        return 0;
    }

    static String partitions(DescentConfig config) {
        if (config.modelKeys().on()) {
            return "learners per '" + config.modelKeys().field() + "' on " + config.modelKeys().partitions()
                    + " partition" + (config.modelKeys().partitions() == 1 ? "" : "s") + " of " + config.topics().keyed();
        }
        int n = config.replication().partitions();
        return n == 1 ? "1 partition" : n + " partitions, replicas syncing every " + config.replication().syncEvery()
                + " labeled records";
    }

    /**
     * Creates the missing topics (an input of one partition when there is none) and returns the
     * topology for the input's partition count; with several, each learner's replicas need the
     * deltas topic too (README, "Partitions"), and with model keys the repartition topic comes too.
     * The cluster is somebody else's: its topics get the cluster's retention, and {@code out} hears
     * what that is.
     */
    static DescentConfig prepareTopics(String bootstrapServers, Map<String, String> overrides, TopologyOptions topology,
                                       PrintWriter out) {
        Topics topics = topology.config().topics();
        try (Admin admin = TopicAdmin.connect(bootstrapServers, overrides)) {
            TopicAdmin topicAdmin = new TopicAdmin(admin);
            topicAdmin.awaitCluster(bootstrapServers);
            Integer existing = topicAdmin.partitionCounts(Set.of(topics.input())).get(topics.input());
            int partitions = existing == null ? 1 : existing;
            DescentConfig config = topology.config(partitions);
            List<NewTopic> definitions = config.modelKeys().on()
                    ? topics.keyedDefinitions(partitions, config.modelKeys().partitions())
                    : topics.definitions(partitions);
            topicAdmin.create(definitions);
            out.println("retention on " + bootstrapServers + ", left as it is: " + retention(topicAdmin, definitions)
                    + " (Descent's own broker uses " + Retention.DEFAULT.describe() + ")");
            return config;
        } catch (IllegalStateException e) {
            throw new UserException(e.getMessage().startsWith("no Kafka broker") ? e.getMessage()
                    : "cannot prepare topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    /** e.g. "houses 1 h and no size limit; predictions, loss, dead-letters 168 h and no size limit". */
    private static String retention(TopicAdmin topicAdmin, List<NewTopic> definitions) {
        List<String> deleting = definitions.stream()
                .filter(t -> !TopicConfig.CLEANUP_POLICY_COMPACT.equals(t.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)))
                .map(NewTopic::name).toList();
        Map<Retention, List<String>> topicsByRetention = new LinkedHashMap<>();
        try {
            topicAdmin.retention(deleting).forEach((topic, kept) ->
                    topicsByRetention.computeIfAbsent(kept, k -> new ArrayList<>()).add(topic));
        } catch (IllegalStateException e) {
            return e.getMessage(); // e.g. not allowed to describe configs: the run goes on without it
        }
        return topicsByRetention.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " " + e.getKey().describe())
                .collect(Collectors.joining("; "));
    }
}
