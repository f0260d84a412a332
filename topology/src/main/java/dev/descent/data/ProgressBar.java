package dev.descent.data;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Draws {@link HouseProducer} progress: on a terminal, one bar redrawn in place
 * ({@code 5,000 / 10,000 [######------] 50%  1,234 records/s  ETA 0:04}); elsewhere (a log file, a
 * pipe, CI) a plain line every {@link #LINE_INTERVAL}, since carriage returns would pile up there.
 * Call {@link #done()} when the run ends, also when it fails, so what follows starts on its own line.
 */
public final class ProgressBar implements Consumer<ProduceProgress> {

    public static final Duration LINE_INTERVAL = Duration.ofSeconds(5);
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long total;
    private final boolean terminal;
    private long lastLineNanos = System.nanoTime();
    private int drawnLength;

    /**
     * @param total    records expected, or 0 when the run is endless
     * @param terminal whether {@code out} is shown on a terminal that honours {@code \r}
     */
    public ProgressBar(PrintWriter out, long total, boolean terminal) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
    }

    @Override
    public void accept(ProduceProgress progress) {
        if (terminal) {
            String line = line(progress);
            // Blanks wipe the tail of a longer previous line.
            out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            drawnLength = line.length();
            out.flush();
        } else if (System.nanoTime() - lastLineNanos >= LINE_INTERVAL.toNanos()) {
            out.println(line(progress));
            out.flush();
            lastLineNanos = System.nanoTime();
        }
    }

    /** Ends the bar's line on a terminal; nothing to do for plain lines. */
    public void done() {
        if (terminal && drawnLength > 0) {
            out.println();
            out.flush();
            drawnLength = 0;
        }
    }

    String line(ProduceProgress p) {
        double rate = p.recordsPerSecond();
        if (total <= 0) {
            return String.format(Locale.ROOT, "%,d records  %,.0f records/s  %s elapsed",
                    p.records(), rate, clock(p.elapsed().toSeconds()));
        }
        double fraction = Math.min(1, (double) p.records() / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = rate > 0 ? clock(Math.round((total - p.records()) / rate)) : "-";
        return String.format(Locale.ROOT, "%,d / %,d [%s%s] %3.0f%%  %,.0f records/s  ETA %s",
                p.records(), total, "#".repeat(filled), "-".repeat(WIDTH - filled), fraction * 100, rate, eta);
    }

    private static String clock(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
