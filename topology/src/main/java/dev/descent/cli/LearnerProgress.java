package dev.descent.cli;

import dev.descent.model.Learner;
import dev.descent.topology.LearnerSlot;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The compact live line per learner that {@code demo} and {@code run} print: records, loss, RMSE, status. */
final class LearnerProgress {

    private LearnerProgress() {
    }

    static void print(PrintWriter out, String headline, List<LearnerSlot> slots) {
        out.println(headline);
        int width = slots.stream().mapToInt(s -> s.learner().config().id().length()).max().orElse(8);
        for (LearnerSlot slot : slots) {
            out.println(line(slot, width));
        }
        out.flush();
    }

    static String line(LearnerSlot slot, int idWidth) {
        Learner l = slot.learner();
        return String.format(Locale.ROOT, "  %-" + idWidth + "s  records %,10d  loss %10s  RMSE %12s  %s",
                l.config().id(), l.records(), number(l.meanLoss()), number(slot.rmse()), status(l));
    }

    static String status(Learner l) {
        return switch (l.status()) {
            case DIVERGED -> "diverged@" + l.divergedAtRecord() + " (" + l.divergence().name().toLowerCase(Locale.ROOT)
                    + ", kept last good parameters)";
            case CONVERGED -> "converged";
            case LEARNING -> "learning";
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
