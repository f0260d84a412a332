package dev.descent.chaos;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The scenarios one after another, each in a directory of its own, and the one table of their audits. */
public final class ChaosSuite {
    private final Path dir;
    private final PrintWriter out;

    public ChaosSuite(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /** Runs each scenario under each guarantee; true when every audit passed. */
    public boolean scenarios(List<Scenario> scenarios, List<Boolean> guarantees, long records, double rate) throws Exception {
        List<String> rows = new ArrayList<>();
        boolean passed = true;
        for (Scenario scenario : scenarios) {
            for (boolean exactlyOnce : guarantees) {
                String guarantee = exactlyOnce ? "exactly-once" : "at-least-once";
                out.printf("descent chaos: %s, %s, %,d records at %,.0f/s%n", scenario.label(), guarantee, records, rate);
                out.flush();
                long start = System.nanoTime();
                Audit audit;
                try {
                    audit = new ChaosRun(dir.resolve(scenario.label() + "-" + guarantee), out)
                            .run(scenario, exactlyOnce, records, rate);
                } catch (RuntimeException e) {
                    audit = null;
                    out.println("  failed: " + e.getMessage());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                passed &= audit != null && audit.passed();
                rows.add(row(scenario.label(), guarantee, audit, seconds));
                if (audit != null) {
                    audit.problems().forEach(p -> out.println("  " + p));
                }
            }
        }
        out.println();
        out.println(HEADER);
        rows.forEach(out::println);
        out.flush();
        return passed;
    }

    /** The soak: the series as it goes, then the verdict; true when it passed. */
    public boolean soak(Duration length, double rate) throws Exception {
        out.printf("descent chaos: soak of %d minutes at %,.0f records/s, exactly-once; a sample every %d s%n",
                length.toMinutes(), rate, Soak.SAMPLE_EVERY.toSeconds());
        out.flush();
        Soak.Result result = new Soak(dir.resolve("soak"), out).run(length, rate);
        out.println();
        out.println(HEADER);
        out.println(row("soak " + length.toMinutes() + " min", "exactly-once", result.audit(), length.toSeconds()));
        result.audit().problems().forEach(p -> out.println("  " + p));
        result.problems().forEach(p -> out.println("  " + p));
        out.println(result.passed() ? "soak: passed (memory flat within 10% after the warm-up, disk levelled off)"
                : "soak: FAILED");
        out.flush();
        return result.passed();
    }

    static final String HEADER = "| scenario | guarantee | sent | predicted | missing | duplicates | learner records / labeled"
            + " | finite | dead letters / bad sent | result | seconds |\n|---|---|---|---|---|---|---|---|---|---|---|";

    static String row(String scenario, String guarantee, Audit a, double seconds) {
        if (a == null) {
            return String.format(Locale.ROOT, "| %s | %s | | | | | | | | **FAILED** (see above) | %.0f |", scenario, guarantee,
                    seconds);
        }
        String learners = a.learnerMin() == a.learnerMax() ? String.format(Locale.ROOT, "%,d", a.learnerMin())
                : String.format(Locale.ROOT, "%,d–%,d", a.learnerMin(), a.learnerMax());
        return String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %s / %,d | %s | %,d / %,d | %s | %.0f |",
                scenario, guarantee, a.sent(), a.predicted(), a.missing(), a.duplicates(), learners, a.labeled(),
                a.finite() ? "yes" : "**no**", a.deadLetters(), a.bad(), a.passed() ? "pass" : "**FAIL**", seconds);
    }
}
