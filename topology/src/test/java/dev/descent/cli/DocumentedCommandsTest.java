package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./descent …} command the README and docs/ show a newcomer, as written there, is one
 * the CLI accepts: a renamed option fails here, not in a reader's terminal. Synopses with
 * {@code [optional]} parts are left out.
 */
class DocumentedCommandsTest {
    private static final Path ROOT = Path.of("..");
    /** From {@code ./descent} to the end of the code span or line, before a {@code &} or a comment. */
    private static final Pattern COMMAND = Pattern.compile("\\./descent ([^`&#\\n]+)");

    @Test
    void everyDocumentedCommandParses() throws IOException {
        List<String> commands = new ArrayList<>();
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            Matcher m = COMMAND.matcher(Files.readString(doc));
            while (m.find()) {
                String command = m.group(1).trim();
                if (command.contains("[")) {
                    continue;
                }
                commands.add(command);
                assertDoesNotThrow(() -> DescentCommand.commandLine().parseArgs(command.split("\\s+")),
                        doc.getFileName() + ": ./descent " + command);
            }
        }
        assertTrue(commands.contains("demo") && commands.stream().anyMatch(c -> c.startsWith("produce "))
                && commands.stream().anyMatch(c -> c.startsWith("run ")), "found " + commands);
    }
}
