package dev.descent.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code descent} command in a JVM of its own, so that it can be killed outright (SIGKILL) or
 * stopped (SIGTERM) and started again with the same arguments; its output goes to a log file.
 */
public final class DescentProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private Process process;

    private DescentProcess(List<String> command, Path log) {
        this.command = command;
        this.log = log;
    }

    /** Starts {@code descent ARGS…} with this JVM's class path, appending its output to {@code log}. */
    static DescentProcess start(Path log, String... args) {
        return start(log, List.of(), args);
    }

    /** The same in a JVM started with {@code jvmOptions}, e.g. a heap limit. */
    public static DescentProcess start(Path log, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.descent.cli.DescentCommand"));
        command.addAll(List.of(args));
        DescentProcess p = new DescentProcess(command, log);
        p.start();
        return p;
    }

    /** Starts it again after a kill or a stop, with the same arguments. */
    void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and waits for it to stop (killing it after 60 s). */
    public void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its resident set size from /proc, or -1 where there is none. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The end of its log, for a report of what went wrong. */
    public String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
