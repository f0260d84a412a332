package dev.descent.chaos;

import java.util.Locale;

/** The operator's faults, each a scenario of its own on a fresh broker. */
public enum Scenario {
    /** SIGKILL of {@code run} at a third and at two thirds of the input, started again each time on its state. */
    KILL_RUN,
    /** The broker stopped with SIGTERM at a third and killed with SIGKILL at two thirds, back after 2 s each time. */
    BROKER_RESTART,
    /** Two instances; the one running the partition is killed halfway and the other takes over. */
    TAKEOVER,
    /** A storm: every fourth record bad, of every kind in turn, no other fault. */
    BAD_INPUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario of(String label) {
        for (Scenario s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario '" + label + "'; there are kill-run, broker-restart, takeover, bad-input");
    }

    /** Every how many input records one is bad: a storm in {@link #BAD_INPUT}, a trickle elsewhere. */
    int badEvery() {
        return this == BAD_INPUT ? 4 : 50;
    }
}
