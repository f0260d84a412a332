package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MistypedCommandTest {

    @Test
    void shouldSuggestTheNearestCommand() {
        CliRun run = CliRun.of("dmeo");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("descent: unknown command 'dmeo'; did you mean 'demo'?"), run.err());
        assertTrue(run.err().contains("commands: demo, evaluate, generate"), run.err());
        assertTrue(CliRun.of("evalute", "--csv", "x").err().contains("did you mean 'evaluate'?"));
        assertTrue(CliRun.of("relpay").err().contains("did you mean 'replay'?"));
    }

    @Test
    void shouldSuggestNothingForAWordFarFromEveryCommand() {
        CliRun run = CliRun.of("kafka");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("descent: unknown command 'kafka'\n"), run.err());
    }

    @Test
    void shouldNameTheCommandWhoseOptionIsWrong() {
        CliRun run = CliRun.of("evaluate", "--csv", "x.csv", "--treads", "2");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("evaluate: Unknown options: '--treads'"), run.err());
        assertTrue(run.err().contains("see 'descent evaluate --help'"), run.err());
    }

    @Test
    void shouldCountSwappedNeighboursAsOneEdit() {
        assertEquals(1, CommandNames.distance("dmeo", "demo"));
        assertEquals(1, CommandNames.distance("relpay", "replay"));
        assertTrue(CommandNames.distance("kafka", "bench") > 2);
    }
}
