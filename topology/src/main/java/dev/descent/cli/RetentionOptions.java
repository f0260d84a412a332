package dev.descent.cli;

import dev.descent.UserException;
import dev.descent.kafka.Retention;
import picocli.CommandLine.Option;

/** How much the topics on Descent's own broker keep; without it a demo at 5,000 records/s wrote 8.5 GB an hour. */
public final class RetentionOptions {

    @Option(names = "--retention-hours", defaultValue = "-1", paramLabel = "HOURS",
            description = "Hours the input, predictions, loss and dead-letter topics keep a record, counted from its"
                    + " timestamp, an event time (-1 = no limit; default: ${DEFAULT-VALUE}).")
    private long hours;

    @Option(names = "--retention-mb", defaultValue = "1024", paramLabel = "MB",
            description = "Megabytes each partition of those topics keeps, whichever limit comes first (-1 = no limit;"
                    + " default: ${DEFAULT-VALUE}).")
    private long megabytes;

    public Retention retention() {
        check("--retention-hours", hours);
        check("--retention-mb", megabytes);
        return Retention.ofHoursAndMegabytes(hours, megabytes);
    }

    private static void check(String option, long value) {
        if (value < 1 && value != Retention.NO_LIMIT) {
            throw new UserException(option + " must be at least 1, or -1 for no limit, got " + value);
        }
    }
}
