package dev.descent.cli;

import dev.descent.data.CaliforniaHousing;
import dev.descent.UserException;
import dev.descent.bench.BenchRuns;
import dev.descent.bench.LatencyRun;
import dev.descent.bench.ListingsMemoryRun;
import dev.descent.bench.MetricsCostRun;
import dev.descent.bench.RatioTable;
import dev.descent.bench.RatioTable.Row;
import dev.descent.bench.ScrapeRun;
import dev.descent.bench.ThroughputRun;
import dev.descent.config.DefaultLearners;
import dev.descent.config.Grid;
import dev.descent.data.ProduceProgress;
import dev.descent.model.DriftSpec;
import dev.descent.model.LearnerConfig;
import dev.descent.model.AdaGrad;
import dev.descent.model.Adam;
import dev.descent.model.Momentum;
import dev.descent.model.OptimizerSpec;
import dev.descent.model.RmsProp;
import dev.descent.model.Sgd;
import dev.descent.model.Schema;
import dev.descent.topology.HouseParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
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
                + "at-least-once and exactly-once, each against the pass-through (medians of --rounds rounds, after a "
                + "warm-up round); the default learners with the MLP; a replay of the grid; the cost of metrics; the grid "
                + "on 4 partitions, and with learners per model key, against 1 partition; and latency at a steady rate.")
public final class BenchCommand implements Callable<Integer> {
    /**
     * The 8-learner grid the targets are about: linear learners comparing four learning rates
     * for SGD and Adam, clipped so that every one of them learns from every record (unclipped SGD
     * diverges on the generator's outliers, and a diverged learner only predicts, which is cheaper).
     */
    static final String GRID = "lr=0.0001,0.001,0.01,0.1;optimizer=sgd,adam;clip=1";
    /** The data-parallel rows (docs/partitions.md): the grid on 1 partition, then on 4 two ways. */
    static final String PARTITIONS_BASE = "partitions: grid on 1, at-least-once";
    /** The grid as it is (ADWIN on every learner, reporting) against the grid watching nothing. */
    static final String NO_DRIFT = "8-learner grid, at-least-once, no drift detectors";
    static final String PARTITIONS_THREADS = "partitions: grid on 4, 2 threads, at-least-once";
    static final String PARTITIONS_INSTANCES = "partitions: grid on 4, 2 instances of 1 thread, at-least-once";
    /** Learners per model key (docs/keyed.md): the field with about 50 values, every house has one. */
    static final String KEY_FIELD = "housing_median_age";
    static final String KEYED = "partitions: grid per " + KEY_FIELD + " (52 keys) on 4, 2 threads, at-least-once";
    static final String KEYS_ALONE = "partitions: the same, keys alone (no global learners)";
    /** The grid on the same houses as listings and later sales, every house pending before the first sale. */
    static final String LISTINGS = "listings: 8-learner grid, exactly-once, every house pending at once";
    /**
     * The listings app's own JVM: a heap of 256 MB is what it needs (the pending listings are in
     * RocksDB, off the heap, within {@code BoundedRocksDb}'s 64 MB); without a limit the JVM takes a
     * quarter of the machine's memory as it pleases and its resident size says nothing.
     */
    static final List<String> LISTINGS_JVM = List.of("-Xmx256m");

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

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Runs every app once before the timed rounds, uncounted: in a first round the pass-through and"
                    + " each app run cold (default: on; --no-warm-up skips it).")
    private boolean warmUp;

    @Option(names = "--only", paramLabel = "TEXT",
            description = "Times only the rows whose name contains TEXT, ignoring case (e.g. replay, exactly-once); the "
                    + "pass-through always runs, as every ratio's baseline (default: every row).")
    private String only;

    @Spec
    private CommandSpec spec;

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
        try (BenchRuns runs = BenchRuns.start()) {
            Schema schema = CaliforniaHousing.schema();
            List<LearnerConfig> one = List.of(LearnerConfig.builder("linear-sgd").learningRate(0.001).clipNorm(1).build());
            List<LearnerConfig> grid = Grid.parse(GRID);
            List<LearnerConfig> defaults = new ArrayList<>(DefaultLearners.all());
            defaults.add(LearnerConfig.builder("linear-sgd-0.01-batch32").learningRate(0.01).batchSize(32).build());
            Measure measure = new Measure(runs, out);
            HouseParser parser = new HouseParser(schema);
            List<Row> all = List.of(
                    new Row("pass-through, at-least-once", 0, round -> measure.passThrough(parser, round)),
                    new Row("1 learner, at-least-once", 0.7,
                            round -> measure.descent("one-alo", round, schema, one, false)),
                    new Row("8-learner grid, at-least-once", 0.5,
                            round -> measure.descent("grid-alo", round, schema, grid, false)),
                    new Row(NO_DRIFT, 0, round -> measure.descent("grid-alo-no-drift", round, schema,
                            grid.stream().map(l -> l.withDrift(DriftSpec.OFF)).toList(), false)),
                    new Row("8-learner grid, at-least-once, committing every 1 s (run's default)", 0,
                            round -> measure.committingEvery("grid-alo-1s", round, schema, grid, Duration.ofSeconds(1))),
                    new Row("1 learner, exactly-once", 0.5,
                            round -> measure.descent("one-eos", round, schema, one, true)),
                    new Row("8-learner grid, exactly-once", 0.5,
                            round -> measure.descent("grid-eos", round, schema, grid, true)),
                    new Row("8-learner grid, at-least-once, metrics scraped every second", 0.5,
                            round -> measure.descentScraped("grid-alo-metrics", round, schema, grid)),
                    new Row("8 default learners (with MLP and RLS), at-least-once", 0,
                            round -> measure.descent("defaults-alo", round, schema, defaults, false)),
                    new Row("replay, 8-learner grid, exactly-once (set-up, run and report)", 0.5,
                            round -> measure.replay(round, schema, grid)),
                    new Row(PARTITIONS_BASE, 0, round -> measure.partitions("grid-p1", round, schema, grid, 1, 1, 1)),
                    new Row(PARTITIONS_THREADS, 0, round -> measure.partitions("grid-p4-t2", round, schema, grid, 4, 1, 2)),
                    new Row(PARTITIONS_INSTANCES, 0,
                            round -> measure.partitions("grid-p4-i2", round, schema, grid, 4, 2, 1)),
                    new Row(KEYED, 0, round -> measure.keyed("grid-keyed-p4-t2", round, schema, grid, true)),
                    new Row(KEYS_ALONE, 0, round -> measure.keyed("grid-keys-alone-p4-t2", round, schema, grid, false)),
                    new Row(LISTINGS, 0, round -> measure.listings(round, schema, grid)));
            List<Row> rows = only == null ? all : RatioTable.only(all, only);
            if (rows.size() == 1) {
                throw new UserException("--only '" + only + "' matches none of the rows the pass-through is timed against: "
                        + String.join("; ", all.stream().skip(1).map(Row::name).toList()));
            }

            ProduceProgress loaded = runs.load(records);
            out.printf(Locale.ROOT, "loaded %,d records into '%s' at %,.0f records/s%n", loaded.records(), runs.input(),
                    loaded.recordsPerSecond());
            boolean listings = rows.stream().anyMatch(r -> r.name().equals(LISTINGS));
            long listingRecords = listings ? runs.loadListings(records) : 0;
            if (listings) {
                out.printf(Locale.ROOT, "loaded the same %,d houses as %,d listings and sales into 'bench-listings'%n",
                        records, listingRecords);
            }
            out.flush();
            printTable(out, rounds, warmUp, RatioTable.measure(rows, rounds, warmUp));
            measure.printDriftOverhead();
            measure.printPartitionRatios();
            measure.printKeyedRatio();
            measure.printListingsRatio(listingRecords / (double) records);
            if (listings) {
                measure.listingsMemory(schema, grid);
            }

            if (scrapeLearners > 0) {
                measure.scrapeTime(schema, scrapeLearners, scrapeRate);
            }
            if (latencySeconds > 0) {
                LatencyRun.Latency latency = runs.latency(schema, DefaultLearners.all(), latencyRate,
                        Duration.ofSeconds(latencySeconds));
                out.printf(Locale.ROOT, "latency at %,.0f records/s for %d s, default learners, exactly-once, read_committed:"
                                + " p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d predictions after a 1 s warm-up)%n",
                        latencyRate, latencySeconds, latency.p50(), latency.p99(), latency.max(), latency.samples());
            }
            out.flush();
        }
        return 0;
    }

    private static void printTable(PrintWriter out, int rounds, boolean warmUp, List<RatioTable.Result> results) {
        out.printf(Locale.ROOT, "medians of %d round%s%s, each running every app once in this order:%n", rounds,
                rounds == 1 ? "" : "s", warmUp ? " after a warm-up round" : "");
        int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(3);
        out.printf(Locale.ROOT, "%-" + width + "s %14s %8s %8s%n", "run", "records/s", "ratio", "target");
        for (RatioTable.Result result : results) {
            String target = !result.hasTarget() ? "-" : String.format(Locale.ROOT, "≥ %.1f %s", result.target(),
                    result.targetMet() ? "met" : "MISSED");
            out.printf(Locale.ROOT, "%-" + width + "s %,14.0f %8.2f %8s%n", result.name(), result.recordsPerSecond(),
                    result.ratio(), target);
        }
        out.flush();
    }

    /** The runs of {@link BenchRuns}, each printing its figures as they come: a bench takes a quarter of an hour. */
    private record Measure(BenchRuns runs, PrintWriter out, Map<String, List<ThroughputRun.Throughput>> partitioned,
                           Map<String, List<Double>> rates) {

        Measure(BenchRuns runs, PrintWriter out) {
            this(runs, out, new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        /** What watching for drift costs: the grid over the grid without detectors, the median of the rounds' ratios (target ≥ 0.95). */
        void printDriftOverhead() {
            double[] ratios = roundRatios("grid-alo", "grid-alo-no-drift");
            if (ratios == null) {
                return;
            }
            out.printf(Locale.ROOT, "drift detectors on over off (8-learner grid, at-least-once): %.3f, median of %d round%s"
                    + " (target ≥ 0.95)%n", RatioTable.median(ratios), ratios.length, ratios.length == 1 ? "" : "s");
            out.flush();
        }

        double partitions(String name, int round, Schema schema, List<LearnerConfig> learners, int partitions,
                          int instances, int threads) throws InterruptedException {
            ThroughputRun.Throughput t = runs.descentOnPartitions(name, round, schema, learners, partitions, instances,
                    threads);
            keepThroughput(name, round, t);
            out.printf(Locale.ROOT, "  %s, %s: app CPU %.2f µs per record%n", name, roundName(round), t.cpuMicrosPerRecord());
            return report(name, round, t.recordsPerSecond());
        }

        /**
         * The data-parallel rows against the grid on one partition, medians of the rounds: throughput
         * (target ≥ 1.4) and app CPU per record (target ≤ 1.25), as issue 17 asks.
         */
        void printPartitionRatios() {
            printOverOnePartition(List.of("grid-p4-t2", "grid-p4-i2"), "%s over 1 partition: throughput %.2f (target ≥ 1.4),"
                    + " app CPU per record %.2f (target ≤ 1.25)%n");
        }

        double keyed(String name, int round, Schema schema, List<LearnerConfig> learners, boolean global)
                throws InterruptedException {
            BenchRuns.KeyedRun run = runs.keyed(name, round, schema, learners, KEY_FIELD, 4, 2, global);
            keepThroughput(name, round, run.throughput());
            out.printf(Locale.ROOT, "  %s, %s: app CPU %.2f µs per record; %d keys, %,.0f bytes of learners per key"
                            + " as stored%n", name, roundName(round), run.throughput().cpuMicrosPerRecord(), run.keys().keys(),
                    run.keys().bytes() / (double) Math.max(1, run.keys().keys()));
            return report(name, round, run.throughput().recordsPerSecond());
        }

        /** Keyed learners against the grid on one partition (no keys), medians of the rounds (target ≥ 1.2, issue 18). */
        void printKeyedRatio() {
            printOverOnePartition(List.of("grid-keyed-p4-t2", "grid-keys-alone-p4-t2"), "%s over 1 partition without keys:"
                    + " throughput %.2f (target ≥ 1.2), app CPU per record %.2f%n");
        }

        /** Each of {@code names} that ran, over the grid on 1 partition: the medians' ratios of throughput and CPU per record, by {@code format}. */
        private void printOverOnePartition(List<String> names, String format) {
            List<ThroughputRun.Throughput> base = partitioned.get("grid-p1");
            if (base == null) {
                return;
            }
            for (String name : names) {
                List<ThroughputRun.Throughput> runs = partitioned.get(name);
                if (runs != null) {
                    out.printf(Locale.ROOT, format, name, median(runs, ThroughputRun.Throughput::recordsPerSecond)
                                    / median(base, ThroughputRun.Throughput::recordsPerSecond),
                            median(runs, ThroughputRun.Throughput::cpuMicrosPerRecord)
                                    / median(base, ThroughputRun.Throughput::cpuMicrosPerRecord));
                }
            }
            out.flush();
        }

        private static double median(List<ThroughputRun.Throughput> runs, ToDoubleFunction<ThroughputRun.Throughput> f) {
            return RatioTable.median(runs.stream().mapToDouble(f).toArray());
        }

        double listings(int round, Schema schema, List<LearnerConfig> learners) throws InterruptedException {
            return report("grid-eos-listings", round, runs.listings("grid-eos-listings", round, schema, learners, true));
        }

        /**
         * Listings against immediate labels, the same grid exactly-once, in records (listings and
         * sales) per second: the median of the rounds' ratios (target ≥ 0.8). A house is one record
         * with its label, {@code recordsPerHouse} as a listing and (if sold) a sale.
         */
        void printListingsRatio(double recordsPerHouse) {
            double[] ratios = roundRatios("grid-eos-listings", "grid-eos");
            if (ratios == null) {
                return;
            }
            double ratio = RatioTable.median(ratios);
            out.printf(Locale.ROOT, "listings over immediate labels (8-learner grid, exactly-once, records/s): %.2f, median"
                    + " of %d round%s (target ≥ 0.8); per house %.2f%n", ratio, ratios.length, ratios.length == 1 ? "" : "s",
                    ratio / recordsPerHouse);
            out.flush();
        }

        /** Each round's rate of {@code app} over that of {@code base}; null unless both ran. */
        private double[] roundRatios(String app, String base) {
            List<Double> top = rates.get(app);
            List<Double> bottom = rates.get(base);
            if (top == null || bottom == null) {
                return null;
            }
            double[] ratios = new double[Math.min(top.size(), bottom.size())];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = top.get(r) / bottom.get(r);
            }
            return ratios;
        }

        /** The listings app in its own JVM: resident memory over the run, then restore times. */
        void listingsMemory(Schema schema, List<LearnerConfig> grid) throws InterruptedException {
            ListingsMemoryRun.Memory m = runs.listingsMemory(GRID, LISTINGS_JVM, schema, grid);
            out.printf(Locale.ROOT, "listings in a JVM of its own (%s): %,.0f records/s, peak RSS %,d MB (target ≤ 512 MB);"
                            + " %,d listings pending after the run; restore: a new instance %.1f s, a restarted one %.1f s%n",
                    String.join(" ", LISTINGS_JVM), m.recordsPerSecond(), m.peakRssBytes() / (1024 * 1024), m.pending(),
                    m.restoreNew(), m.restoreRestart());
            out.flush();
        }

        double passThrough(HouseParser parser, int round) throws InterruptedException {
            return report("pass-through", round, runs.passThrough(parser, round));
        }

        double descent(String name, int round, Schema schema, List<LearnerConfig> learners, boolean exactlyOnce)
                throws InterruptedException {
            return report(name, round, runs.descent(name, round, schema, learners, exactlyOnce));
        }

        double committingEvery(String name, int round, Schema schema, List<LearnerConfig> learners, Duration interval)
                throws InterruptedException {
            return report(name, round, runs.descentCommittingEvery(name, round, schema, learners, interval));
        }

        double descentScraped(String name, int round, Schema schema, List<LearnerConfig> learners)
                throws InterruptedException, IOException {
            MetricsCostRun.MetricsCost cost = runs.descentScraped(name, round, schema, learners);
            out.printf(Locale.ROOT, "  %s, %s: %d scrapes of %.2f ms CPU each, %.2f%% of the machine's CPU time%n",
                    name, roundName(round), cost.scrapes(), cost.cpuMillisPerScrape(), 100 * cost.machineShare());
            return report(name, round, cost.recordsPerSecond());
        }

        double replay(int round, Schema schema, List<LearnerConfig> learners) throws InterruptedException {
            BenchRuns.ReplayTiming timing = runs.replay(round, schema, learners);
            double copySeconds = timing.result().copySeconds();
            out.printf(Locale.ROOT, "  replay, %s: %.1f s in all: topology %.1f s (%,.0f records/s%s), report %.1f s%n",
                    roundName(round), timing.seconds(), timing.result().seconds(), timing.records() / timing.result().seconds(),
                    copySeconds > 0 ? String.format(Locale.ROOT, ", copy %.1f s of it", copySeconds) : ", read in place",
                    timing.result().reportSeconds());
            return report("replay", round, timing.recordsPerSecond());
        }

        /**
         * Scrape time with {@code learners} learners (a grid of optimizers and rates): on a live stream at the
         * demo's default rate, and while catching up on the loaded topic with every core busy.
         */
        void scrapeTime(Schema schema, int learners, double liveRate) throws InterruptedException, IOException {
            List<LearnerConfig> grid = new ArrayList<>();
            OptimizerSpec[] optimizers = {new Sgd(), new Adam(), new Momentum(), new RmsProp(), new AdaGrad()};
            for (int i = 0; i < learners; i++) {
                grid.add(LearnerConfig.builder("learner-" + i).optimizer(optimizers[i % optimizers.length])
                        .learningRate(1e-4 * (1 + i)).build());
            }
            printScrapeTime(String.format(Locale.ROOT, "a live stream of %,.0f records/s", liveRate), learners,
                    runs.scrapeLive(schema, grid, liveRate));
            printScrapeTime("catching up on the loaded topic", learners, runs.scrapeBacklog(schema, grid));
        }

        private void printScrapeTime(String load, int learners, ScrapeRun.ScrapeTime time) {
            out.printf(Locale.ROOT, "GET /metrics with %d learners, app learning from %s (%,d bytes): median %.2f ms,"
                            + " p99 %.2f ms (target: under 10 ms)%n", learners, load, time.bytes(), time.p50(), time.p99());
            out.flush();
        }

        /** Keeps a partitioned run's throughput for the ratios over 1 partition, unless it was the warm-up. */
        private void keepThroughput(String name, int round, ThroughputRun.Throughput throughput) {
            if (round != RatioTable.WARM_UP) {
                partitioned.computeIfAbsent(name, n -> new ArrayList<>()).add(throughput);
            }
        }

        /** Prints an app's rate in {@code round}, and keeps it for the ratios unless it was the warm-up. */
        private double report(String name, int round, double rate) {
            if (round != RatioTable.WARM_UP) {
                rates.computeIfAbsent(name, n -> new ArrayList<>()).add(rate);
            }
            out.printf(Locale.ROOT, "  %s, %s: %,.0f records/s%n", name, roundName(round), rate);
            out.flush();
            return rate;
        }

        private static String roundName(int round) {
            return round == RatioTable.WARM_UP ? "warm-up" : "round " + round;
        }
    }
}
