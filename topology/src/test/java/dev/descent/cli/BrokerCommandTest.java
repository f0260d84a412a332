package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Where {@code descent broker} keeps its data, read from the parsed command line (no broker is started). */
class BrokerCommandTest {

    @Test
    void keepsItsDataUnderTheHomeDirectoryUnlessToldWhere() {
        assertEquals(Path.of(System.getProperty("user.home"), ".descent", "broker"), dataDir(),
                "outside the working directory, so a broker started in a clone leaves it clean");
        assertEquals(Path.of("elsewhere"), dataDir("--data-dir", "elsewhere"));
    }

    @Test
    void minusOneIsNoRetentionLimitAndZeroIsRefusedBeforeTheBrokerStarts() {
        assertEquals(-1L, (Long) option("--retention-hours", "--retention-hours", "-1"));
        CliRun zero = CliRun.of("broker", "--retention-mb", "0");
        assertEquals(1, zero.exitCode());
        assertEquals("broker: --retention-mb must be at least 1, or -1 for no limit, got 0\n", zero.err());
    }

    private static Path dataDir(String... options) {
        return option("--data-dir", options);
    }

    private static <T> T option(String name, String... options) {
        String[] args = Stream.concat(Stream.of("broker"), Stream.of(options)).toArray(String[]::new);
        return DescentCommand.commandLine().parseArgs(args).subcommand().commandSpec().findOption(name).getValue();
    }
}
