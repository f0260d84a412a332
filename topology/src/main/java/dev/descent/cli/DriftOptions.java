package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.data.PriceDrift;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --drift}: market moves of the generated prices, the same on every command that generates houses. */
public final class DriftOptions {

    @Option(names = "--drift", paramLabel = "SPEC",
            description = "Generated prices move: × FACTOR from record AT (abrupt:AT:FACTOR), rising linearly from"
                    + " record FROM to FACTOR at TO (gradual:FROM:TO:FACTOR), or in one ocean_proximity only"
                    + " (region:NAME:AT:FACTOR, e.g. region:INLAND:30000:0.7). Records count from 0; the noise stays,"
                    + " so the best RMSE of a model per market does too. Repeat to combine: the factors multiply.")
    private List<String> specs = new ArrayList<>();

    /** The moves given, in order; empty for a steady market. */
    public List<PriceDrift> moves() {
        List<PriceDrift> moves = new ArrayList<>();
        for (String spec : specs) {
            try {
                moves.add(PriceDrift.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UserException("--drift " + e.getMessage(), e);
            }
        }
        return moves;
    }
}
