package dev.descent.it;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether an outside tool the tests meet (kcat, prometheus, docker-compose…) is installed. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** True when {@code command} runs and exits 0 within 10 seconds. */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
