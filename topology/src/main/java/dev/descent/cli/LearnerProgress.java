package dev.descent.cli;

import dev.descent.topology.LearnerSnapshot;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The compact live line per learner that {@code demo} and {@code run} print: records, loss, RMSE,
 * status (see {@link dev.descent.model.LearnerStatus}) and drifts seen; the champion, whose price
 * the predictions serve, is starred.
 */
final class LearnerProgress {

    private LearnerProgress() {
    }

    /** @param champion the learner whose price is served, or null */
    static void print(PrintWriter out, String headline, List<LearnerSnapshot> learners, String champion) {
        out.println(headline);
        int width = learners.stream().mapToInt(s -> s.id().length()).max().orElse(8);
        for (LearnerSnapshot learner : learners) {
            out.println(line(learner, width, learner.id().equals(champion)));
        }
        out.flush();
    }

    static String line(LearnerSnapshot l, int idWidth, boolean champion) {
        return String.format(Locale.ROOT, "%s %-" + idWidth + "s  records %,10d  loss %10s  RMSE %12s  %s%s",
                champion ? " ★" : "  ", l.id(), l.records(), number(l.meanLoss()), number(l.rmse()), status(l),
                l.drifts() == 0 ? "" : String.format(Locale.ROOT, "  drifts %d (last at record %,d)", l.drifts(),
                        l.lastDriftRecord()));
    }

    static String status(LearnerSnapshot l) {
        return switch (l.status()) {
            case DIVERGED -> "diverged@" + l.divergedAtRecord() + " (" + l.divergence().name().toLowerCase(Locale.ROOT)
                    + ", kept last good parameters)";
            case CONVERGED -> "converged";
            case LEARNING -> "learning";
            case POOR -> "poor (no better than the mean lately)";
            case DRIFTING -> "drifting (recent error rising)";
        };
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "-" : "inf";
        }
        if (Math.abs(v) >= 1e7) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
