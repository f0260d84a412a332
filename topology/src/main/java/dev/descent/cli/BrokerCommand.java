package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.topology.Topics;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code descent broker}: a single-node Kafka broker in this JVM, for produce, run, replay and kcat. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Apache Kafka broker (KRaft) in this JVM until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int port;

    /** Under the home directory, not the working one: a broker started in a clone leaves its {@code git status} clean. */
    @Option(names = "--data-dir", defaultValue = "${sys:user.home}/.descent/broker",
            description = "Where the broker keeps its data; topics survive a restart (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--no-topics", description = "Do not create Descent's default topics.")
    private boolean noTopics;

    @Mixin
    private RetentionOptions retention;

    @Override
    public Integer call() throws InterruptedException {
        Retention kept = retention.retention();
        StopSignal stop = StopSignal.install();
        try (EmbeddedKafkaBroker broker = startBroker()) {
            if (!noTopics) {
                broker.createTopics(Topics.defaults().definitions(1, kept).toArray(NewTopic[]::new));
            }
            System.out.println("Kafka broker listening on " + broker.bootstrapServers() + ", data in "
                    + dataDir.toAbsolutePath() + (noTopics ? "" : ", topics " + Topics.defaults().describe()
                    + " keeping " + kept.describe()) + " — Ctrl-C to stop");
            stop.await();
        } finally {
            stop.cleanedUp();
        }
        return 0;
    }

    private EmbeddedKafkaBroker startBroker() {
        try {
            return EmbeddedKafkaBroker.start(port, dataDir);
        } catch (IllegalStateException e) {
            throw new UserException("cannot start the broker: " + e.getMessage() + "; free it, or choose another --port", e);
        }
    }
}
