package dev.descent.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.Poll;
import dev.descent.kafka.TopicAdmin;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One scenario under one guarantee: a {@code descent broker} and one or two {@code descent run}
 * processes of their own, the input written at a steady rate while the scenario's faults happen,
 * then, once the app has committed the whole input, the {@link Audit}.
 */
final class ChaosRun {
    static final String APPLICATION_ID = "descent-chaos";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    private final Path dir;
    private final PrintWriter out;

    ChaosRun(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /**
     * A {@code descent broker} of its own on a free port, with its data in {@code dir/broker} and
     * Descent's topics (with its retention, {@code retentionMb} a partition); returns once they
     * are ready.
     */
    Broker startBroker(long retentionMb) throws IOException, InterruptedException {
        int port = freePort();
        DescentProcess process = DescentProcess.start(dir.resolve("broker.log"), "broker", "--port", Integer.toString(port),
                "--data-dir", dir.resolve("broker").toString(), "--retention-mb", Long.toString(retentionMb));
        String bootstrap = "127.0.0.1:" + port;
        List<String> topics = Topics.defaults().definitions().stream().map(NewTopic::name).toList();
        try (Admin admin = TopicAdmin.connect(bootstrap, Map.of())) {
            TopicAdmin topicAdmin = new TopicAdmin(admin);
            // the broker's JVM takes a few seconds to listen, and creates the topics after that
            Poll.until(Duration.ofSeconds(90), Duration.ofMillis(500),
                    () -> exist(topicAdmin, topics),
                    () -> new IllegalStateException("no topics after 90 s"));
            topicAdmin.awaitReady(topics);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the broker did not start (" + e.getMessage() + "): " + process.tail(), e);
        }
        return new Broker(process, bootstrap, dir.resolve("broker"));
    }

    record Broker(DescentProcess process, String bootstrap, Path dataDir) {
    }

    private static boolean exist(TopicAdmin admin, List<String> topics) {
        try {
            return admin.partitionCounts(Set.copyOf(topics)).size() == topics.size();
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** A {@code descent run} instance, named by its HTTP port (and so a static group member under the same id when restarted). */
    record Instance(String name, DescentProcess process, int httpPort) {
        /** {@code /api/learners}, or empty while it does not answer. */
        Optional<JsonNode> learners() {
            return get(httpPort, "/api/learners").map(Audit::parse);
        }
    }

    Instance startRun(String bootstrap, String name, boolean exactlyOnce) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", bootstrap, "--application-id",
                APPLICATION_ID, "--http-port", Integer.toString(port), "--progress-every", "10"));
        if (!exactlyOnce) {
            args.add("--at-least-once");
        }
        return new Instance(name, DescentProcess.start(dir.resolve("run-" + name + ".log"), args.toArray(String[]::new)),
                port);
    }

    /** Runs {@code scenario} and audits it. */
    Audit run(Scenario scenario, boolean exactlyOnce, long records, double rate) throws Exception {
        Files.createDirectories(dir);
        Topics topics = Topics.defaults();
        Broker broker = startBroker(1024);
        List<Instance> instances = new ArrayList<>();
        try {
            instances.add(startRun(broker.bootstrap(), "a", exactlyOnce));
            if (scenario == Scenario.TAKEOVER) {
                instances.add(startRun(broker.bootstrap(), "b", exactlyOnce));
            }
            for (Instance instance : instances) {
                awaitStatus(instance, "running", "idle: no partitions assigned");
            }
            ChaosInput input = new ChaosInput(broker.bootstrap(), topics.input(), records, rate, scenario.badEvery(), 42);
            Thread writer = new Thread(input, "chaos-input");
            writer.start();
            switch (scenario) {
                case KILL_RUN -> {
                    for (int k = 1; k <= 2; k++) {
                        awaitSent(input, records * k / 3);
                        say("SIGKILL run, start it again");
                        instances.get(0).process().kill();
                        instances.get(0).process().start();
                    }
                }
                case BROKER_RESTART -> {
                    awaitSent(input, records / 3);
                    say("SIGTERM broker, back in 2 s");
                    broker.process().terminate();
                    Thread.sleep(2_000);
                    broker.process().start();
                    awaitSent(input, records * 2 / 3);
                    say("SIGKILL broker, back in 2 s");
                    broker.process().kill();
                    Thread.sleep(2_000);
                    broker.process().start();
                }
                case TAKEOVER -> {
                    awaitSent(input, records / 2);
                    Instance active = instances.stream().filter(i -> i.learners()
                            .map(l -> l.path("status").asText().equals("running")).orElse(false)).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no instance runs the partition"));
                    say("SIGKILL the instance running the partition (" + active.name() + ")");
                    active.process().kill();
                    instances.remove(active);
                }
                case BAD_INPUT -> {
                }
            }
            writer.join();
            awaitCommitted(broker.bootstrap(), new TopicPartition(topics.input(), 0), instances);
            JsonNode learners = awaitLearners(instances, input.labeled());
            return Audit.of(broker.bootstrap(), exactlyOnce, input, topics.predictions(), topics.deadLetters(), learners, false);
        } finally {
            for (Instance instance : instances) {
                instance.process().close();
            }
            broker.process().close();
        }
    }

    private void say(String what) {
        out.println("  " + what);
        out.flush();
    }

    static void awaitSent(ChaosInput input, long n) throws InterruptedException {
        Poll.until(Duration.ofMinutes(10), Duration.ofMillis(20), () -> input.sent() >= n || input.failed() > 0,
                () -> new IllegalStateException("the input stalled at " + input.sent() + " records"));
    }

    private static void awaitStatus(Instance instance, String... statuses) throws InterruptedException {
        List<String> wanted = List.of(statuses);
        Poll.until(Duration.ofSeconds(120), Duration.ofMillis(200), () -> instance.learners()
                        .map(l -> wanted.contains(l.path("status").asText())).orElse(false),
                () -> new IllegalStateException("run did not start: " + instance.process().tail()));
    }

    /** Until the app's group has committed the input's end offset. */
    static void awaitCommitted(String bootstrap, TopicPartition input, List<Instance> instances) throws InterruptedException {
        try (Admin admin = TopicAdmin.connect(bootstrap, Map.of())) {
            TopicAdmin topicAdmin = new TopicAdmin(admin);
            long end;
            try {
                end = admin.listOffsets(Map.of(input, OffsetSpec.latest())).partitionResult(input).get(30, TimeUnit.SECONDS)
                        .offset();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot read the input's end offset: " + e.getMessage(), e);
            }
            Poll.until(CATCH_UP, Duration.ofMillis(200), () -> topicAdmin.committedOffset(APPLICATION_ID, input) >= end,
                    () -> new IllegalStateException("the app did not commit the input's end " + end + ": "
                            + instances.get(0).process().tail()));
        }
    }

    /**
     * {@code /api/learners} of the instance running the partition, once its learners have counted
     * what they will (their figures are published a few times a second).
     */
    private static JsonNode awaitLearners(List<Instance> instances, long labeled)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode best = null;
        while (System.nanoTime() < deadline) {
            for (Instance instance : instances) {
                JsonNode learners = instance.learners().orElse(null);
                if (learners != null && learners.path("learners").size() > 0
                        && learners.path("status").asText().equals("running")) {
                    best = learners;
                }
            }
            if (best != null && counted(best, labeled)) {
                return best;
            }
            Thread.sleep(200);
        }
        return best;
    }

    private static boolean counted(JsonNode learners, long labeled) {
        for (JsonNode learner : learners.get("learners")) {
            if (learner.get("records").asLong() < labeled) {
                return false;
            }
        }
        return true;
    }

    static Optional<String> get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
