package dev.descent.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.descent.Poll;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Apache Kafka broker running inside the current JVM.
 *
 * <p>The node runs in KRaft combined mode ({@code process.roles=broker,controller}, {@code node.id=1})
 * through {@link KafkaRaftServer}, the same server class that {@code kafka-server-start.sh} runs, so
 * clients (including Kafka Streams with exactly-once v2) talk to it exactly as to a real cluster.
 * It exists so that tests and local runs need neither Docker nor an external Kafka install.
 *
 * <p>Both listeners are bound to {@code 127.0.0.1}: {@code PLAINTEXT} on the client port and
 * {@code CONTROLLER} on a free ephemeral port. The storage directory is formatted in-process with
 * Kafka's {@link Formatter} (the logic behind {@code kafka-storage.sh format}) unless it already
 * holds a {@code meta.properties}, so a broker restarted on the same persistent directory keeps its
 * topics and committed data. Without a directory a temporary one is used and deleted on {@link #close()}.
 *
 * <p>Settings are tuned for one node: every internal topic has replication factor 1 and min ISR 1,
 * internal topics have a single partition (fast coordinator start), the initial group rebalance delay
 * is 0, topics are never created automatically and the log cleaner needs little memory.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *     kafka.createTopic("events", 1, Map.of());
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<port>"
 * }
 * }</pre>
 *
 * <p>Instances are not meant to be shared between threads while starting or closing; the query and
 * topic helpers are safe to call concurrently.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Node id of the single combined broker/controller. */
    public static final int NODE_ID = 1;

    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long REQUEST_TIMEOUT_MS = 1_000;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final KafkaRaftServer server;
    private final Admin admin;
    private final int port;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Admin admin, int port, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.admin = admin;
        this.port = port;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /**
     * Starts a broker on a free client port over a temporary directory that {@link #close()} deletes.
     *
     * @return the running broker, ready for clients
     */
    public static EmbeddedKafkaBroker start() {
        return start(0, null, Map.of());
    }

    /**
     * Starts a broker and returns once it answers admin requests.
     *
     * @param clientPort the {@code PLAINTEXT} port, or 0 to pick a free one
     * @param dataDir    a persistent storage directory (created and formatted if needed, kept on close),
     *                   or {@code null} for a temporary directory deleted on close
     * @return the running broker, ready for clients
     * @throws IllegalStateException if the broker does not start, e.g. because the port is taken
     */
    public static EmbeddedKafkaBroker start(int clientPort, Path dataDir) {
        return start(clientPort, dataDir, Map.of());
    }

    /**
     * Like {@link #start(int, Path)}, with broker settings that override the defaults of this class.
     *
     * @param clientPort the {@code PLAINTEXT} port, or 0 to pick a free one
     * @param dataDir    a persistent storage directory, or {@code null} for a temporary one
     * @param overrides  broker configuration entries, e.g. {@code Map.of("log.retention.ms", "60000")}
     * @return the running broker, ready for clients
     */
    public static EmbeddedKafkaBroker start(int clientPort, Path dataDir, Map<String, String> overrides) {
        if (clientPort < 0 || clientPort > 65_535) {
            throw new IllegalArgumentException("clientPort must be 0 (free port) or a valid port: " + clientPort);
        }
        if (clientPort != 0 && !available(clientPort)) {
            // said before Kafka tries: a broker that fails to bind logs pages of stack traces first
            throw new IllegalStateException("port " + clientPort + " on " + HOST + " is in use");
        }
        int[] free = freePorts(clientPort == 0 ? 2 : 1); // [controller, client when asked for 0]
        int port = clientPort == 0 ? free[1] : clientPort;
        boolean ownsDataDir = dataDir == null;
        Path dir;
        try {
            dir = ownsDataDir ? Files.createTempDirectory("embedded-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + dataDir, e);
        }

        KafkaRaftServer server = null;
        Admin admin = null;
        try {
            KafkaConfig config = new KafkaConfig(brokerConfig(port, free[0], dir, overrides), false);
            formatIfNeeded(config, dir);

            server = new KafkaRaftServer(config, Time.SYSTEM);
            // Blocks until the controller has elected itself and the broker is unfenced with listeners open.
            server.startup();
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port,
                    AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin"));
            awaitClusterVisible(admin);
            return new EmbeddedKafkaBroker(server, admin, port, dir, ownsDataDir);
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException(
                    "Cannot start embedded Kafka broker on port " + port + " over " + dir, e);
            if (admin != null) {
                admin.close(CLOSE_TIMEOUT);
            }
            if (server != null) {
                stopQuietly(server, failure);
            }
            if (ownsDataDir) {
                deleteRecursively(dir);
            }
            throw failure;
        }
    }

    /** Returns the bootstrap address for clients, {@code "127.0.0.1:PORT"}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Returns the client ({@code PLAINTEXT}) port. */
    public int port() {
        return port;
    }

    /** Returns the storage directory (log dirs and metadata log). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates a topic with the default replication factor (1) and waits until it is ready.
     *
     * @param name       topic name
     * @param partitions number of partitions
     * @param configs    topic configs, e.g. {@code Map.of("cleanup.policy", "compact")}, or an empty map
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs));
    }

    /**
     * Creates the topics that do not exist, waits until each is ready, and sets the given configs on
     * those that did exist too: a broker restarted on its data directory, say with another
     * retention, gives its topics the new one. See {@link TopicAdmin}.
     */
    public void createTopics(NewTopic... topics) {
        TopicAdmin topicAdmin = new TopicAdmin(admin);
        topicAdmin.create(List.of(topics));
        topicAdmin.configure(List.of(topics));
    }

    /** Waits until each named topic exists and every partition has a leader, e.g. after a restart. */
    public void awaitTopicsReady(String... topics) {
        new TopicAdmin(admin).awaitReady(List.of(topics));
    }

    /**
     * Shuts the broker down and waits for it to stop; deletes the data directory if it was a temporary
     * one. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close(CLOSE_TIMEOUT);
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    /** Broker configuration for one combined node; entries in {@code overrides} win. */
    private static Map<String, String> brokerConfig(int clientPort, int controllerPort, Path dir,
                                                    Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // Static voter set: the controller port may differ on every start, which a dynamic
        // (KIP-853) quorum would have recorded in the metadata log.
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toAbsolutePath().toString());
        props.put("metadata.log.dir", dir.toAbsolutePath().toString());

        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // KafkaConfig requires strictly more than 1 MiB per cleaner thread; the default is 128 MiB.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.putAll(overrides);
        return props;
    }

    /**
     * Formats the storage directory as {@code kafka-storage.sh format} would, unless a previous run
     * already did (it then holds {@code meta.properties} with the cluster id).
     */
    private static void formatIfNeeded(KafkaConfig config, Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(config.logDirs())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage directory " + dir, e);
        }
    }

    /** Waits until the broker answers {@code describeCluster} with itself as a live node. */
    private static void awaitClusterVisible(Admin admin) {
        try {
            Poll.until(STARTUP_TIMEOUT, POLL_INTERVAL, () -> listsItselfAsLive(admin), () -> new IllegalStateException(
                    "Timed out after " + STARTUP_TIMEOUT + " waiting for the broker to answer describeCluster"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker to answer describeCluster", e);
        }
    }

    private static boolean listsItselfAsLive(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .stream().anyMatch(node -> node.id() == NODE_ID);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Reserves distinct free loopback ports by binding them all at once, then releases them for Kafka.
     * Kafka could bind port 0 itself, but {@link KafkaRaftServer} does not report the bound port, and
     * the static controller voter must name its port before the controller starts.
     */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing was accepted on it; the port is released either way
                }
            }
        }
    }

    private static boolean available(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void stopQuietly(KafkaRaftServer server, Throwable cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete Kafka data directory " + root, e);
        }
    }
}
