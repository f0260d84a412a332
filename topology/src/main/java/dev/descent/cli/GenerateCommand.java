package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.data.GeneratedCsv;
import dev.descent.data.HouseGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent generate}: the demo's synthetic houses as a CSV file with the California columns. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic houses (a known price function plus noise, as the demo streams them) to a CSV"
                + " file with the California-housing columns, for evaluate, produce --csv or any other tool.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write (replaced).")
    private Path out;

    @Option(names = "--records", required = true, paramLabel = "N", description = "Houses to write.")
    private long records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--unlabeled-fraction", paramLabel = "F", defaultValue = "0",
            description = "Share of houses without a price (default: ${DEFAULT-VALUE}).")
    private double unlabeledFraction;

    @Mixin
    private DriftOptions drift;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (records < 1) {
            throw new UserException("--records must be at least 1, got " + records);
        }
        if (!(unlabeledFraction >= 0 && unlabeledFraction <= 1)) {
            throw new UserException("--unlabeled-fraction must be within 0..1, got " + unlabeledFraction);
        }
        HouseGenerator houses = new HouseGenerator(seed, unlabeledFraction, drift.moves());
        long start = System.nanoTime();
        try {
            GeneratedCsv.write(out, houses, records);
        } catch (IOException e) {
            throw new UserException("cannot write " + out + ": " + e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "wrote %,d houses to %s in %.1f s%n", records, out, (System.nanoTime() - start) / 1e9);
        err.flush();
        return 0;
    }
}
