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

    private static Path dataDir(String... options) {
        String[] args = Stream.concat(Stream.of("broker"), Stream.of(options)).toArray(String[]::new);
        return DescentCommand.commandLine().parseArgs(args).subcommand().commandSpec().findOption("--data-dir").getValue();
    }
}
