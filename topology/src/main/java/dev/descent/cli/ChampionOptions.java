package dev.descent.cli;

import dev.descent.model.Champion;
import dev.descent.topology.DescentConfig;
import picocli.CommandLine.Option;

/** Which learner's price each prediction serves: the champion's hysteresis, for run, demo and replay. */
public final class ChampionOptions {

    @Option(names = "--champion-window", defaultValue = "" + Champion.DEFAULT_WINDOW, paramLabel = "N",
            description = "Labeled records another learner must lead the champion on, in a row, to take over the price"
                    + " each prediction serves; also the span of the recent RMSE compared (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--champion-margin", defaultValue = "" + Champion.DEFAULT_MARGIN, paramLabel = "FRACTION",
            description = "How much lower its recent RMSE must be, e.g. 0.05 for 5%% (default: ${DEFAULT-VALUE}).")
    private double margin;

    /** @throws IllegalArgumentException for a window below 1 or a margin outside [0, 1) */
    DescentConfig.ChampionRule rule() {
        return new DescentConfig.ChampionRule(window, margin);
    }
}
