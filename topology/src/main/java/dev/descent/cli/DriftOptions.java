package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.data.PriceDrift;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --markets} and {@code --drift}: the generated prices' regional structure and market
 * moves, the same on every command that generates houses.
 */
public final class DriftOptions {

    @Option(names = "--drift", paramLabel = "SPEC",
            description = "Generated prices move: × FACTOR from record AT (abrupt:AT:FACTOR), rising linearly from"
                    + " record FROM to FACTOR at TO (gradual:FROM:TO:FACTOR), or in one ocean_proximity only"
                    + " (region:NAME:AT:FACTOR, e.g. region:INLAND:30000:0.7). Records count from 0; the noise stays,"
                    + " so the best RMSE does too. Repeat to combine: the factors multiply.")
    private List<String> specs = new ArrayList<>();

    @Option(names = "--markets", defaultValue = "flat", paramLabel = "flat|regional",
            description = "flat: one price function for every house; regional: the ocean_proximity classes differ in"
                    + " their slopes (INLAND × 0.7, NEAR BAY × 1.3, NEAR OCEAN × 1.15), which a model per class"
                    + " (--model-key ocean_proximity) can learn and one model cannot (default: ${DEFAULT-VALUE}).")
    private Markets markets;

    /** Whether generated houses have one market or regional ones. */
    enum Markets {
        flat, regional
    }

    /** The regional markets, if asked for, then the moves given, in order; empty for one steady market. */
    public List<PriceDrift> moves() {
        List<PriceDrift> moves = new ArrayList<>(markets == Markets.regional ? PriceDrift.regionalMarkets() : List.of());
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
