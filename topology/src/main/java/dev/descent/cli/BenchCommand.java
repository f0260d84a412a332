package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.bench.LatencyRun;
import dev.descent.bench.PassThroughTopology;
import dev.descent.bench.ScrapeRun;
import dev.descent.bench.ThroughputRun;
import dev.descent.config.DefaultLearners;
import dev.descent.config.Grid;
import dev.descent.data.HouseGenerator;
import dev.descent.data.HouseProducer;
import dev.descent.data.ProduceProgress;
import dev.descent.kafka.EmbeddedKafkaBroker;
import dev.descent.kafka.TopicAdmin;
import dev.descent.replay.ReplayRange;
import dev.descent.replay.ReplayRun;
import dev.descent.model.LearnerConfig;
import dev.descent.model.LearnerConfig.OptimizerKind;
import dev.descent.model.Schema;
import dev.descent.observe.Observability;
import dev.descent.topology.DescentApp;
import dev.descent.topology.DescentConfig;
import dev.descent.topology.DescentTopology;
import dev.descent.topology.HouseParser;
import dev.descent.topology.StreamsSettings;
import dev.descent.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent bench}: end-to-end figures on the embedded broker, all from one run so their
 * ratios are fair on a noisy machine (docs/bench.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load N generated houses into a topic on an embedded broker, then time a pass-through Streams app "
                + "(parse, emit one small record) and the Descent topology with 1 learner and with an 8-learner grid, "
                + "at-least-once and exactly-once, each against the pass-through (medians of --rounds rounds); the default "
                + "learners with the MLP; a replay of the grid; the cost of metrics; and latency at a steady rate.")
public final class BenchCommand implements Callable<Integer> {
    static final Map<String, String> COMMIT_EVERY_100_MS = Map.of("commit.interval.ms", "100");
    /**
     * The 8-learner grid the targets are about: linear learners comparing four learning rates
     * for SGD and Adam, clipped so that every one of them learns from every record (unclipped SGD
     * diverges on the generator's outliers, and a diverged learner only predicts, which is cheaper).
     */
    static final String GRID = "lr=0.0001,0.001,0.01,0.1;optimizer=sgd,adam;clip=1";

    @Option(names = "--records", defaultValue = "1000000", paramLabel = "N",
            description = "Records loaded and run through each app (default: ${DEFAULT-VALUE}).")
    private long records;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Times every app N times, round by round, and reports the medians (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--latency-rate", defaultValue = "10000", paramLabel = "PER_SECOND",
            description = "Steady input rate of the latency run (default: ${DEFAULT-VALUE}).")
    private double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "20", paramLabel = "SECONDS",
            description = "Length of the latency run; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int latencySeconds;

    @Option(names = "--scrape-learners", defaultValue = "50", paramLabel = "N",
            description = "Learners in the /metrics scrape-time run; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int scrapeLearners;

    @Option(names = "--scrape-rate", defaultValue = "5000", paramLabel = "PER_SECOND",
            description = "Input rate of the live stream during the scrape-time run, the demo's default (default: ${DEFAULT-VALUE}).")
    private double scrapeRate;

    @Spec
    private CommandSpec spec;

    /** One measured row: a name, the share of the pass-through it must reach (0: none), and how to time it once. */
    private record Row(String name, double target, Timing timing) {
    }

    private interface Timing {
        /** Records per second in round {@code round} (from 1). */
        double recordsPerSecond(int round) throws InterruptedException, IOException;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (records < 1_000) {
            throw new UserException("--records must be at least 1000, got " + records);
        }
        if (rounds < 1) {
            throw new UserException("--rounds must be at least 1, got " + rounds);
        }
        if (!(latencyRate > 0) || !(scrapeRate > 0) || latencySeconds < 0 || scrapeLearners < 0) {
            throw new UserException("--latency-rate and --scrape-rate must be positive, --latency-seconds and"
                    + " --scrape-learners ≥ 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = TempDirectory.create("descent-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            String bootstrap = broker.bootstrapServers();
            TopicAdmin topics = new TopicAdmin(admin);
            Topics input = Topics.withInput("bench-houses");
            topics.create(List.of(input.definitions().get(0)));
            ProduceProgress loaded;
            try (HouseProducer producer = new HouseProducer(bootstrap, Map.of())) {
                loaded = producer.produce(input.input(), new HouseGenerator(42, 0.05).limit(records));
            }
            out.printf(Locale.ROOT, "loaded %,d records into '%s' at %,.0f records/s%n", loaded.records(), input.input(),
                    loaded.recordsPerSecond());
            out.flush();

            Schema schema = Schema.californiaHousing();
            List<LearnerConfig> one = List.of(LearnerConfig.builder("linear-sgd").learningRate(0.001).clipNorm(1).build());
            List<LearnerConfig> grid = Grid.parse(GRID);
            List<LearnerConfig> defaults = new ArrayList<>(DefaultLearners.all());
            defaults.add(LearnerConfig.builder("linear-sgd-0.01-batch32").learningRate(0.01).batchSize(32).build());
            Measure measure = new Measure(bootstrap, admin, topics, work, input.input(), out);
            HouseParser parser = new HouseParser(schema);
            List<Row> rows = List.of(
                    new Row("pass-through, at-least-once", 0, round -> measure.passThrough(parser, round)),
                    new Row("1 learner, at-least-once", 0.7,
                            round -> measure.descent("one-alo", round, schema, one, false, false)),
                    new Row("8-learner grid, at-least-once", 0.5,
                            round -> measure.descent("grid-alo", round, schema, grid, false, false)),
                    new Row("1 learner, exactly-once", 0.5,
                            round -> measure.descent("one-eos", round, schema, one, true, false)),
                    new Row("8-learner grid, exactly-once", 0.5,
                            round -> measure.descent("grid-eos", round, schema, grid, true, false)),
                    new Row("8-learner grid, at-least-once, metrics scraped every second", 0.5,
                            round -> measure.descent("grid-alo-metrics", round, schema, grid, false, true)),
                    new Row("8 default learners (with MLP and RLS), at-least-once", 0,
                            round -> measure.descent("defaults-alo", round, schema, defaults, false, false)),
                    new Row("replay, 8-learner grid, exactly-once (set-up, run and report)", 0.5,
                            round -> measure.replay(round, schema, grid)));
            // Round by round rather than row by row, so that a slow spell of the machine or the JIT warming
            // up weighs on every row alike.
            double[][] rates = new double[rows.size()][rounds];
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < rows.size(); i++) {
                    rates[i][round - 1] = rows.get(i).timing().recordsPerSecond(round);
                }
            }
            printTable(out, rows, rates);

            if (scrapeLearners > 0) {
                measure.scrapeTime(schema, scrapeLearners, scrapeRate);
            }
            if (latencySeconds > 0) {
                Topics latencyTopics = Topics.withInput("bench-latency-houses");
                DescentConfig config = new DescentConfig(prefixed(latencyTopics, "latency"), schema, DefaultLearners.all(),
                        100, 1000);
                topics.create(config.topics().definitions());
                LatencyRun.Latency latency = LatencyRun.measure(bootstrap, config,
                        StreamsSettings.properties("bench-latency", bootstrap, true, work.resolve("latency"), Map.of()),
                        latencyRate, Duration.ofSeconds(latencySeconds));
                out.printf(Locale.ROOT, "latency at %,.0f records/s for %d s, default learners, exactly-once, read_committed:"
                                + " p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d predictions after a 1 s warm-up)%n",
                        latencyRate, latencySeconds, latency.p50(), latency.p99(), latency.max(), latency.samples());
            }
            out.flush();
        } finally {
            TempDirectory.delete(work);
        }
        return 0;
    }

    static Topics prefixed(Topics topics, String prefix) {
        return new Topics(topics.input(), prefix + "-predictions", prefix + "-loss", prefix + "-models",
                prefix + "-dead-letters");
    }

    /**
     * Per row the median rate, and the median of its ratios to the pass-through of the same round
     * (a ratio within a round compares apps that ran minutes apart, not a quarter of an hour).
     */
    private static void printTable(PrintWriter out, List<Row> rows, double[][] rates) {
        int rounds = rates[0].length;
        out.printf(Locale.ROOT, "medians of %d round%s, each running every app once in this order:%n", rounds,
                rounds == 1 ? "" : "s");
        out.printf(Locale.ROOT, "%-60s %14s %8s %8s%n", "run", "records/s", "ratio", "target");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rates[i][r] / rates[0][r];
            }
            double ratio = median(ratios);
            String target = row.target() == 0 ? "-" : String.format(Locale.ROOT, "≥ %.1f %s", row.target(),
                    ratio >= row.target() ? "met" : "MISSED");
            out.printf(Locale.ROOT, "%-60s %,14.0f %8.2f %8s%n", row.name(), median(rates[i]), ratio, target);
        }
        out.flush();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The runs, each under a fresh application id and its own output topics, over the same loaded input. */
    private record Measure(String bootstrap, Admin admin, TopicAdmin topics, Path work, String input, PrintWriter out) {

        double passThrough(HouseParser parser, int round) throws InterruptedException {
            String output = "bench-pass-through-out-" + round;
            topics.create(List.of(Topics.withInput(output).definitions().get(0)));
            Topology topology = PassThroughTopology.build(input, output, parser);
            return report("pass-through", round, ThroughputRun.measure(topology,
                    properties("bench-pass-through-" + round, false), admin, input, records(), timeout()));
        }

        double descent(String name, int round, Schema schema, List<LearnerConfig> learners, boolean exactlyOnce,
                       boolean metrics) throws InterruptedException, IOException {
            String app = name + "-" + round;
            DescentConfig config = new DescentConfig(prefixed(Topics.withInput(input), app), schema, learners, 100, 1000);
            topics.create(config.topics().outputDefinitions());
            Properties properties = properties("bench-" + app, exactlyOnce);
            if (!metrics) {
                return report(name, round, ThroughputRun.measure(DescentTopology.build(config), properties, admin, input,
                        records(), timeout()));
            }
            // The metrics run scrapes a live app every second, as a busy Prometheus would. Its throughput next
            // to the run without metrics mostly shows the machine's noise; what the scrapes take from the app
            // is their CPU time against all the CPU time the machine had during the run.
            try (DescentApp descent = new DescentApp(config, properties);
                 Observability observability = Observability.start(descent, new InetSocketAddress("127.0.0.1", 0), app)) {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                AtomicLong scrapeNanos = new AtomicLong();
                AtomicInteger scrapes = new AtomicInteger();
                ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
                scraper.scheduleAtFixedRate(() -> {
                    long cpu = threads.getCurrentThreadCpuTime();
                    observability.scrape();
                    scrapeNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
                    scrapes.incrementAndGet();
                }, 1, 1, TimeUnit.SECONDS);
                long start = System.nanoTime();
                try {
                    double rate = ThroughputRun.measure(descent, "bench-" + app, admin, input, records(), timeout());
                    double machineNanos = (double) (System.nanoTime() - start) * Runtime.getRuntime().availableProcessors();
                    out.printf(Locale.ROOT, "  %s, round %d: %d scrapes of %.2f ms CPU each, %.2f%% of the machine's"
                                    + " CPU time%n", name, round, scrapes.get(),
                            scrapeNanos.get() / 1e6 / Math.max(1, scrapes.get()), 100 * scrapeNanos.get() / machineNanos);
                    return report(name, round, rate);
                } finally {
                    scraper.shutdownNow();
                }
            }
        }

        /** A whole {@code descent replay} of the loaded topic: set-up, topology run and report, wall-clock. */
        double replay(int round, Schema schema, List<LearnerConfig> learners) throws InterruptedException {
            DescentConfig config = new DescentConfig(Topics.withInput(input), schema, learners, 100, 1000);
            long start = System.nanoTime();
            ReplayRange range = ReplayRange.resolve(admin, input, "earliest", "end");
            ReplayRun.Result result = new ReplayRun(bootstrap, COMMIT_EVERY_100_MS, work.resolve("replay-" + round), true)
                    .run(range, 1, "bench-" + round, config, 5000, progress -> { }, app -> () -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "  replay, round %d: %.1f s in all: topology %.1f s (%,.0f records/s%s), report %.1f s%n",
                    round, seconds, result.seconds(), range.size() / result.seconds(),
                    result.copySeconds() > 0 ? String.format(Locale.ROOT, ", copy %.1f s of it", result.copySeconds())
                            : ", read in place", result.reportSeconds());
            return report("replay", round, range.size() / seconds);
        }

        /**
         * Scrape time with {@code learners} learners (a grid of optimizers and rates): on a live stream at the
         * demo's default rate, and while catching up on the loaded topic with every core busy.
         */
        void scrapeTime(Schema schema, int learners, double liveRate) throws InterruptedException, IOException {
            List<LearnerConfig> grid = new ArrayList<>();
            OptimizerKind[] optimizers = {OptimizerKind.SGD, OptimizerKind.ADAM, OptimizerKind.MOMENTUM, OptimizerKind.RMSPROP,
                    OptimizerKind.ADAGRAD};
            for (int i = 0; i < learners; i++) {
                grid.add(LearnerConfig.builder("learner-" + i).optimizer(optimizers[i % optimizers.length])
                        .learningRate(1e-4 * (1 + i)).build());
            }
            Topics live = prefixed(Topics.withInput("bench-scrape-houses"), "scrape-live");
            topics.create(live.definitions());
            scrapeTime(String.format(Locale.ROOT, "a live stream of %,.0f records/s", liveRate),
                    new DescentConfig(live, schema, grid, 100, 1000), "bench-scrape-live", liveRate);
            Topics backlog = prefixed(Topics.withInput(input), "scrape-backlog");
            topics.create(backlog.outputDefinitions());
            scrapeTime("catching up on the loaded topic", new DescentConfig(backlog, schema, grid, 100, 1000),
                    "bench-scrape-backlog", 0);
        }

        private void scrapeTime(String load, DescentConfig config, String applicationId, double rate)
                throws InterruptedException, IOException {
            ScrapeRun.ScrapeTime time = ScrapeRun.measure(bootstrap, config, properties(applicationId, false), rate);
            out.printf(Locale.ROOT, "GET /metrics with %d learners, app learning from %s (%,d bytes): median %.2f ms,"
                            + " p99 %.2f ms (target: under 10 ms)%n", config.learners().size(), load, time.bytes(),
                    time.p50(), time.p99());
            out.flush();
        }

        private double report(String name, int round, double rate) {
            out.printf(Locale.ROOT, "  %s, round %d: %,.0f records/s%n", name, round, rate);
            out.flush();
            return rate;
        }

        private Properties properties(String applicationId, boolean exactlyOnce) {
            return StreamsSettings.properties(applicationId, bootstrap, exactlyOnce, work.resolve(applicationId),
                    COMMIT_EVERY_100_MS);
        }

        private long records() {
            try {
                return admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(input, 0),
                                org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .all().get(10, TimeUnit.SECONDS).values().iterator().next().offset();
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the end offset of " + input, e);
            }
        }

        private Duration timeout() {
            return Duration.ofMinutes(15);
        }
    }
}
