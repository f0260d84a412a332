package dev.descent.cli;

import dev.descent.TempDirectory;
import dev.descent.UserException;
import dev.descent.data.CsvHouses;
import dev.descent.data.HouseGenerator;
import dev.descent.data.ListingStream;
import dev.descent.data.HouseMessage;
import dev.descent.data.HouseProducer;
import dev.descent.data.PriceDrift;
import dev.descent.data.ProduceException;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.Retention;
import dev.descent.observe.Observability;
import dev.descent.model.LearnerStatus;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.LearnerSnapshot;
import dev.descent.topology.LiveLearners;
import dev.descent.topology.ProcessingCounters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent demo}: everything in one JVM, no Docker: a Kafka broker, the topics, a producer
 * streaming houses at a steady rate, and the Descent topology with the default learner grid,
 * printing each learner's progress until the records are learned, the time is up or Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a Kafka broker in this JVM, stream house records into it and watch the default "
                + "learners predict and learn them live. The run ends when every record is learned, after --duration, "
                + "or on Ctrl-C; the live page then stays up until Ctrl-C (or --linger). Generated houses have a known"
                + " price function per market (ocean_proximity) with noise of standard deviation "
                + (long) HouseGenerator.NOISE_STDDEV + ", the best RMSE a model per market can reach; one linear model of"
                + " every market reaches " + (long) HouseGenerator.GLOBAL_LINEAR_RMSE + " at best.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092",
            description = "Kafka port on 127.0.0.1 while the demo runs, for kcat or 'descent produce' (0 = any free port; default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--records", defaultValue = "50000", paramLabel = "N",
            description = "Records to stream (0 = until stopped; default: ${DEFAULT-VALUE}).")
    private long records;

    @Option(names = "--rate", defaultValue = "5000", paramLabel = "PER_SECOND",
            description = "Records per second (0 = as fast as possible; default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds at most.")
    private Long durationSeconds;

    @Option(names = "--csv", paramLabel = "FILE", description = "Stream the rows of this CSV file instead of generated houses.")
    private Path csv;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--unlabeled-fraction", defaultValue = "0.05", paramLabel = "F",
            description = "Share of generated houses without a price: predicted live, not learned (default: ${DEFAULT-VALUE}).")
    private double unlabeledFraction;

    @Option(names = "--linger", paramLabel = "SECONDS",
            description = "Once the records are learned, keep the live page and metrics up this long (0 = end at once;"
                    + " default: until Ctrl-C).")
    private Long lingerSeconds;

    @Option(names = "--partitions", defaultValue = "1", paramLabel = "N",
            description = "Partitions of the input topic; above 1, each learner learns one global model from replicas"
                    + " on every partition (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--progress-every", defaultValue = "2", paramLabel = "SECONDS",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    private int progressEvery;

    @Mixin
    private DriftOptions drift;

    @Mixin
    private LabelDelayOptions labelDelay;

    @Mixin
    private TopologyOptions topology;

    @Mixin
    private RetentionOptions retention;

    @Mixin
    private HttpOptions http;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        List<PriceDrift> moves = drift.moves();
        Retention kept = retention.retention();
        if (labelDelay.given()) {
            topology.takeListings();
        }
        DescentConfig config = topology.config(partitions);
        Iterator<HouseMessage> houses = houses(config, moves);
        PrintWriter out = spec.commandLine().getOut();
        StopSignal stop = StopSignal.install();
        Path work = TempDirectory.create("descent-demo-");
        try (EmbeddedKafkaBroker broker = startBroker(work.resolve("kafka"))) {
            broker.createTopics((config.modelKeys().on()
                    ? config.topics().keyedDefinitions(partitions, config.modelKeys().partitions(), kept)
                    : config.topics().definitions(partitions, kept)).toArray(NewTopic[]::new));
            out.println("descent demo: Kafka " + broker.bootstrapServers() + ", topics " + config.topics().describe()
                    + " (input: " + RunCommand.partitions(config) + "); "
                    + config.learners().size() + " learners learn " + source(moves));
            out.flush();
            Properties streams = topology.streamsProperties(broker.bootstrapServers(),
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString()), http);
            try (DescentApp app = new DescentApp(config, streams);
                 Observability observability = http.start(app, topology.applicationId())) {
                app.start(RunCommand.START_TIMEOUT);
                out.println("live page: " + http.url(observability) + ", metrics: " + http.url(observability) + "metrics");
                BackgroundProducer producer = BackgroundProducer.start(broker.bootstrapServers(), config.topics().input(),
                        houses, rate, stop::requested);
                long deadline = durationSeconds == null ? Long.MAX_VALUE
                        : System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos();
                ProcessingCounters counters = app.counters();
                // With model keys the validate task counts a record in before the learn task has it from the
                // repartition topic; there, every record ends as a prediction or a dead letter.
                LongSupplier done = config.modelKeys().on() ? () -> counters.predictions() + counters.deadLetters()
                        : counters::recordsIn;
                List<LearnerSnapshot> last = new LiveRun(app, out)
                        .until(stop, () -> producer.done() && done.getAsLong() >= producer.sent()
                                        || System.nanoTime() - deadline > 0,
                                Duration.ofSeconds(progressEvery),
                                () -> String.format(Locale.ROOT, "%,d sent, %,d in, %,d predicted, %,d dead letters",
                                        producer.sent(), counters.recordsIn(), counters.predictions(), counters.deadLetters()));
                producer.stop();
                producer.failure().ifPresent(e -> {
                    throw new UserException("producing failed: " + e.getMessage(), e);
                });
                printVerdict(out, last, config.listings().on());
                if (config.modelKeys().on()) {
                    printKeyedVerdict(out, app.live(), last);
                }
                printChampion(out, app.live());
                linger(out, stop, http.url(observability));
            }
        } finally {
            TempDirectory.delete(work);
            stop.cleanedUp();
        }
        return 0;
    }

    private void checkOptions() {
        if (records < 0) {
            throw new UserException("--records must be ≥ 0, got " + records);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new UserException("--rate must be a number ≥ 0, got " + rate);
        }
        if (durationSeconds != null && durationSeconds <= 0) {
            throw new UserException("--duration must be positive, got " + durationSeconds);
        }
        if (!(unlabeledFraction >= 0 && unlabeledFraction < 1)) {
            throw new UserException("--unlabeled-fraction must be in [0, 1), got " + unlabeledFraction);
        }
        if (progressEvery < 1) {
            throw new UserException("--progress-every must be at least 1 second, got " + progressEvery);
        }
        if (lingerSeconds != null && lingerSeconds < 0) {
            throw new UserException("--linger must be ≥ 0, got " + lingerSeconds);
        }
        if (port < 0 || port > 65_535) {
            throw new UserException("--port must be 0..65535, got " + port);
        }
        if (csv != null && spec.commandLine().getParseResult().hasMatchedOption("--drift")) {
            throw new UserException("--drift moves the prices of generated houses, not the rows of --csv");
        }
        if (csv != null && labelDelay.given()) {
            throw new UserException("--label-delay lists and sells generated houses, not the rows of --csv");
        }
        labelDelay.check();
    }

    private Iterator<HouseMessage> houses(DescentConfig config, List<PriceDrift> moves) {
        if (csv != null) {
            CsvHouses file = CsvHouses.read(csv, config.schema());
            List<HouseMessage> rows = file.records();
            return (records == 0 ? rows : rows.subList(0, (int) Math.min(records, rows.size()))).iterator();
        }
        if (labelDelay.given()) {
            return new ListingStream(new HouseGenerator(seed, unlabeledFraction, moves), seed, records,
                    labelDelay.clock(), labelDelay.delay());
        }
        HouseGenerator generator = new HouseGenerator(seed, unlabeledFraction, moves);
        return records == 0 ? generator : generator.limit(records);
    }

    /** e.g. "50,000 generated houses (seed 42) at 5,000/s; the demo ends once they are learned (Ctrl-C ends it sooner)". */
    private String source(List<PriceDrift> moves) {
        String market = moves.isEmpty() ? ""
                : ", drift " + moves.stream().map(PriceDrift::toString).collect(Collectors.joining(" and "));
        String what = csv != null ? "the rows of " + csv : "generated houses (seed " + seed + market
                + (labelDelay.given() ? ", each a listing and its sale " + labelDelay.text() + " later" : "") + ")";
        String speed = rate == 0 ? "as fast as they come" : String.format(Locale.ROOT, "at %,.0f/s", rate);
        if (records == 0) {
            return what + " " + speed + " until Ctrl-C";
        }
        String end = durationSeconds == null ? "" : " or after " + durationSeconds + " s";
        return String.format(Locale.ROOT, "%,d %s %s; the demo ends once they are learned%s (Ctrl-C ends it sooner)",
                records, what, speed, end);
    }

    private EmbeddedKafkaBroker startBroker(Path dir) {
        try {
            return EmbeddedKafkaBroker.start(port, dir);
        } catch (IllegalStateException e) {
            throw new UserException("cannot start Kafka: " + e.getMessage() + "; free it, or take any free port with --port 0", e);
        }
    }

    /** Keeps the live page and metrics up after the run, for a newcomer who opens them late. */
    private void linger(PrintWriter out, StopSignal stop, String page) throws InterruptedException {
        if (stop.requested() || (lingerSeconds != null && lingerSeconds == 0)) {
            return;
        }
        out.println(lingerSeconds == null ? "the live page stays up at " + page + " until Ctrl-C (--linger 0 ends the demo here)"
                : "the live page stays up at " + page + " for " + lingerSeconds + " s");
        out.flush();
        if (lingerSeconds == null) {
            stop.await();
        } else {
            stop.await(Duration.ofSeconds(lingerSeconds));
        }
    }

    /**
     * The learner with the lowest prequential RMSE; with listings, of the prices quoted at listing
     * (the delayed RMSE), next to what it would have quoted at each sale.
     */
    private static void printVerdict(PrintWriter out, List<LearnerSnapshot> learners, boolean listings) {
        learners.stream()
                .filter(DemoCommand::hasVerdict)
                .min(Comparator.comparingDouble(listings ? LearnerSnapshot::delayedRmse : LearnerSnapshot::rmse))
                .ifPresentOrElse(
                        best -> out.printf(Locale.ROOT, listings
                                        ? "best: %s — lowest delayed RMSE (%,.0f, of the prices quoted at listing; last 1,000"
                                        + " sales %,.0f) of the learners that did not diverge; quoted at each sale instead:"
                                        + " %,.0f (last 1,000 %,.0f)%n"
                                        : "best: %s — lowest prequential RMSE (%,.0f) of the learners that did not diverge%n",
                                best.id(), listings ? best.delayedRmse() : best.rmse(), best.delayedRecentRmse(),
                                best.rmse(), best.recentRmse()),
                        () -> out.println("no learner has a verdict yet: no labeled record was learned"));
        out.flush();
    }

    /** A learner that learned and did not diverge: one a verdict can name. */
    private static boolean hasVerdict(LearnerSnapshot learner) {
        return learner.status() != LearnerStatus.DIVERGED && learner.records() > 0;
    }

    /**
     * With model keys: the learner whose copies for every key did best together, against the best
     * global learner (the verdict above), and the prices the records were served.
     */
    private static void printKeyedVerdict(PrintWriter out, LiveLearners live, List<LearnerSnapshot> global) {
        LiveLearners.KeyScores keys = live.keys();
        int best = -1;
        for (int i = 0; keys != null && i < live.ids().size(); i++) {
            if (keys.rmse(i) < (best < 0 ? Double.POSITIVE_INFINITY : keys.rmse(best))) {
                best = i;
            }
        }
        if (best < 0) {
            return;
        }
        double globalBest = global.stream().filter(DemoCommand::hasVerdict)
                .mapToDouble(LearnerSnapshot::rmse).min().orElse(Double.NaN);
        out.printf(Locale.ROOT, "keyed: best %s per key — prequential RMSE %,.0f over %,d keys, %.1f%% %s than the best"
                        + " global learner (%,.0f); prices served (a young key's from the global learners): %,.0f%n",
                live.ids().get(best), keys.rmse(best), keys.keys(), 100 * Math.abs(1 - keys.rmse(best) / globalBest),
                keys.rmse(best) <= globalBest ? "lower" : "higher", globalBest, keys.servedRmse());
        out.flush();
    }

    /** The price the predictions served at the end, and how often that choice changed. */
    private static void printChampion(PrintWriter out, LiveLearners live) {
        if (live.champion() != null) {
            long changes = live.championChanges();
            out.printf(Locale.ROOT, "champion: %s — its price is each prediction record's \"prediction\" (changed %s;"
                    + " every change and drift is on the drift topic)%n", live.champion(),
                    changes == 1 ? "once" : changes + " times");
            out.flush();
        }
    }

    /** The producer on its own thread, so progress lines keep coming while it paces itself. */
    static final class BackgroundProducer {
        private final AtomicLong sent = new AtomicLong();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private volatile boolean done;
        private volatile boolean stopRequested;
        private Thread thread;

        static BackgroundProducer start(String bootstrap, String topic, Iterator<HouseMessage> houses, double rate,
                                        BooleanSupplier externalStop) {
            BackgroundProducer p = new BackgroundProducer();
            // counted as the producer takes them: the acknowledged count it reports comes a few batches late
            Iterator<HouseMessage> counted = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return houses.hasNext();
                }

                @Override
                public HouseMessage next() {
                    HouseMessage next = houses.next();
                    p.sent.incrementAndGet();
                    return next;
                }
            };
            p.thread = new Thread(() -> {
                try (HouseProducer producer = new HouseProducer(bootstrap, Map.of())) {
                    producer.produce(topic, counted, rate, progress -> { },
                            () -> p.stopRequested || externalStop.getAsBoolean());
                } catch (ProduceException | IllegalArgumentException e) {
                    p.failure.set(e);
                } finally {
                    p.done = true;
                }
            }, "descent-demo-producer");
            p.thread.setDaemon(true);
            p.thread.start();
            return p;
        }

        /** Records handed to the producer so far. */
        long sent() {
            return sent.get();
        }

        boolean done() {
            return done;
        }

        Optional<RuntimeException> failure() {
            return Optional.ofNullable(failure.get());
        }

        void stop() throws InterruptedException {
            stopRequested = true;
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
