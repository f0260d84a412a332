package dev.descent.cli;

import dev.descent.TempDirectory;
import dev.descent.UserException;
import dev.descent.chaos.ChaosSuite;
import dev.descent.chaos.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent chaos}: the operator's fault scenarios, each on a broker and {@code run}
 * processes of its own, under both guarantees, ending with one audit table; or, with
 * {@code --soak-minutes}, a long steady run that watches memory and disk.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Run fault scenarios (SIGKILL of run, broker SIGTERM and SIGKILL, an instance taking over, a bad-input"
                + " storm) against a broker and run processes of their own, audit every record, print one table; exit 1"
                + " on any loss, or any duplicate under exactly-once. With --soak-minutes: a long run that watches memory"
                + " and disk instead.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--scenarios", defaultValue = "kill-run,broker-restart,takeover,bad-input", split = ",",
            description = "Scenarios to run (default: ${DEFAULT-VALUE}).")
    private List<String> scenarios;

    @Option(names = "--guarantees", defaultValue = "exactly-once,at-least-once", split = ",",
            description = "Processing guarantees to run each scenario under (default: ${DEFAULT-VALUE}).")
    private List<String> guarantees;

    @Option(names = "--records", defaultValue = "20000", description = "Input records per scenario (default: ${DEFAULT-VALUE}).")
    private long records;

    @Option(names = "--rate", defaultValue = "2000", description = "Input records per second (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--soak-minutes", paramLabel = "N",
            description = "Instead of the scenarios: run N minutes at --rate under exactly-once, sampling memory and disk every 30 s.")
    private Integer soakMinutes;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where brokers, state and logs go (default: a temporary directory, kept when something fails).")
    private Path workDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (records < 100 || !(rate > 0)) {
            throw new UserException("--records must be at least 100 and --rate above 0");
        }
        List<Scenario> chosen;
        try {
            chosen = scenarios.stream().map(Scenario::of).toList();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        List<Boolean> exactlyOnce = guarantees.stream().map(ChaosCommand::exactlyOnce).toList();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workDir != null ? workDir : TempDirectory.create("descent-chaos");
        ChaosSuite suite = new ChaosSuite(dir, out);
        boolean passed = soakMinutes != null
                ? suite.soak(Duration.ofMinutes(soakMinutes), rate)
                : suite.scenarios(chosen, exactlyOnce, records, rate);
        if (passed && workDir == null) {
            TempDirectory.delete(dir);
        } else if (!passed) {
            out.println("descent chaos: logs and data kept in " + dir.toAbsolutePath());
        }
        out.flush();
        return passed ? 0 : 1;
    }

    private static boolean exactlyOnce(String guarantee) {
        return switch (guarantee) {
            case "exactly-once" -> true;
            case "at-least-once" -> false;
            default -> throw new UserException("--guarantees takes exactly-once and at-least-once, not '" + guarantee + "'");
        };
    }
}
