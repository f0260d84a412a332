package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.topology.DescentApp;
import dev.descent.topology.LearnerSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The foreground of {@code demo} and {@code run}: prints every learner's progress at a steady
 * cadence until Ctrl-C, until {@code finished} says the work is done, or until the Streams app
 * fails (which is reported, not hidden).
 */
final class LiveRun {
    private final DescentApp app;
    private final PrintWriter out;

    LiveRun(DescentApp app, PrintWriter out) {
        this.app = app;
        this.out = out;
    }

    /** Returns the learners as last printed. */
    List<LearnerSnapshot> until(StopSignal stop, BooleanSupplier finished, Duration every, Supplier<String> headline)
            throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            boolean stopped = stop.await(every);
            List<LearnerSnapshot> learners = app.live().all();
            double seconds = (System.nanoTime() - start) / 1e9;
            LearnerProgress.print(out, String.format(Locale.ROOT, "[%6.1f s] %s", seconds, headline.get()), learners,
                    app.live().champion());
            KafkaStreams.State state = app.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new UserException("the Kafka Streams application stopped unexpectedly (state " + state
                        + "); see the log above");
            }
            if (stopped || finished.getAsBoolean()) {
                return learners;
            }
        }
    }
}
