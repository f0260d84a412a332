package dev.descent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.it.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert rules the compose stack loads, checked and unit-tested by Prometheus's own promtool
 * (dashboards/prometheus/alerts.test.yml: input series, and which alerts fire when).
 */
class AlertRulesTest {
    private static final Path RULES = DashboardFilesTest.ROOT.resolve("dashboards/prometheus");

    @BeforeEach
    void promtoolIsInstalled() {
        assumeTrue(ExternalTool.runs("promtool", "--version"),
                "promtool is not installed (Debian: apt-get install prometheus); .ci/run installs it");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    @Test
    void theRulesAreValid() throws Exception {
        promtool("check", "rules", "alerts.yml");
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    void eachAlertFiresWhenItsTestSaysAndNotBefore() throws Exception {
        promtool("test", "rules", "alerts.test.yml");
    }
}
