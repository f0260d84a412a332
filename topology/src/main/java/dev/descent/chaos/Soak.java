package dev.descent.chaos;

import dev.descent.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * A long run at a steady rate under exactly-once: every 30 s the app's resident set and its heap
 * after the last collection, the broker's resident set and its disk (the app keeps none). It
 * passes when, after the first quarter (the warm-up, at most 10 minutes), the app's RSS and heap
 * after GC stay within 10% of their level at the end of the warm-up, the broker's disk has levelled
 * off under the topics' retention (its last third within 10% of its middle third), and the final
 * audit finds nothing lost or repeated.
 */
final class Soak {
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    private static final double GROWTH = 0.10;
    static final long RETENTION_MB = 200;

    /** One sample of the series. */
    record Sample(double minutes, long sent, long runRss, long heapAfterGc, long brokerRss, long brokerDisk) {
        String line() {
            return String.format(Locale.ROOT, "| %6.1f | %,12d | %7.1f | %7.1f | %7.1f | %9.1f |", minutes, sent,
                    mb(runRss), mb(heapAfterGc), mb(brokerRss), mb(brokerDisk));
        }
    }

    static final String HEADER = "| minute |   input sent | run RSS MB | heap after GC MB | broker RSS MB | broker disk MB |\n"
            + "|---|---|---|---|---|---|";

    /** The series, the audit and the verdict. */
    record Result(List<Sample> samples, Audit audit, List<String> problems) {
        boolean passed() {
            return problems.isEmpty() && audit.passed();
        }
    }

    private final Path dir;
    private final PrintWriter out;

    Soak(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /**
     * Runs the soak; the broker keeps {@value #RETENTION_MB} MB a partition, so that an hour at a
     * few thousand records a second reaches the retention and shows the disk level off.
     */
    Result run(Duration length, double rate) throws Exception {
        Files.createDirectories(dir);
        ChaosRun chaos = new ChaosRun(dir, out);
        Topics topics = Topics.defaults();
        ChaosRun.Broker broker = chaos.startBroker(RETENTION_MB);
        ChaosRun.Instance run = null;
        try {
            run = chaos.startRun(broker.bootstrap(), "a", true);
            long records = (long) (rate * length.toSeconds());
            ChaosInput input = new ChaosInput(broker.bootstrap(), topics.input(), records, rate, Scenario.KILL_RUN.badEvery(), 7);
            Thread writer = new Thread(input, "soak-input");
            writer.start();
            List<Sample> samples = new ArrayList<>();
            out.println(HEADER);
            long start = System.nanoTime();
            while (writer.isAlive()) {
                writer.join(SAMPLE_EVERY.toMillis());
                Sample s = new Sample((System.nanoTime() - start) / 6e10, input.sent(), run.process().rssBytes(),
                        heapAfterGc(run.httpPort()), broker.process().rssBytes(), size(broker.dataDir()));
                samples.add(s);
                out.println(s.line());
                out.flush();
            }
            ChaosRun.awaitCommitted(broker.bootstrap(), new TopicPartition(topics.input(), 0), List.of(run));
            Audit audit = Audit.of(broker.bootstrap(), true, input, topics.predictions(), topics.deadLetters(),
                    run.learners().orElse(null), true);
            return new Result(samples, audit, verdict(samples));
        } finally {
            if (run != null) {
                run.process().close();
            }
            broker.process().close();
        }
    }

    /** Growth of memory after the warm-up, and of disk in the last third, as sentences; empty when flat. */
    static List<String> verdict(List<Sample> samples) {
        List<String> problems = new ArrayList<>();
        int warm = Math.min(samples.size() / 4, (int) (Duration.ofMinutes(10).toSeconds() / SAMPLE_EVERY.toSeconds()));
        if (samples.size() - warm < 4) {
            problems.add("too short to tell: " + samples.size() + " samples");
            return problems;
        }
        Sample base = samples.get(warm);
        for (Sample s : samples.subList(warm, samples.size())) {
            if (s.runRss() > base.runRss() * (1 + GROWTH)) {
                problems.add(String.format(Locale.ROOT, "run RSS grew from %.1f MB to %.1f MB by minute %.1f",
                        mb(base.runRss()), mb(s.runRss()), s.minutes()));
                break;
            }
        }
        // The heap after a collection is steadier than RSS but moves with what the last collection reached: its
        // highest level in the second half, against the first half's after the warm-up.
        long firstHalf = samples.subList(warm, (warm + samples.size()) / 2).stream().mapToLong(Sample::heapAfterGc).max().orElse(0);
        long secondHalf = samples.subList((warm + samples.size()) / 2, samples.size()).stream().mapToLong(Sample::heapAfterGc)
                .max().orElse(0);
        if (secondHalf > firstHalf * (1 + GROWTH)) {
            problems.add(String.format(Locale.ROOT, "heap after GC grew from at most %.1f MB to %.1f MB",
                    mb(firstHalf), mb(secondHalf)));
        }
        // Retention deletes whole segments, and only when the broker checks (every 5 minutes by default): the
        // disk rises in steps to a level and stays there. Its peak in the last third against the middle third's.
        int third = samples.size() / 3;
        long middle = samples.subList(third, 2 * third).stream().mapToLong(Sample::brokerDisk).max().orElse(0);
        long last = samples.subList(2 * third, samples.size()).stream().mapToLong(Sample::brokerDisk).max().orElse(0);
        if (last > middle * (1 + GROWTH)) {
            problems.add(String.format(Locale.ROOT, "broker disk still growing: at most %.1f MB in the middle third,"
                    + " %.1f MB in the last", mb(middle), mb(last)));
        }
        return problems;
    }

    /** {@code jvm_gc_live_data_size_bytes} from the app's /metrics: the old generation after the last collection. */
    private static long heapAfterGc(int port) {
        return ChaosRun.get(port, "/metrics").flatMap(text -> text.lines()
                        .filter(l -> l.startsWith("jvm_gc_live_data_size_bytes")).findFirst())
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1L);
    }

    static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;   // a segment deleted while the walk passed it
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    static double mb(long bytes) {
        return bytes / 1e6;
    }
}
