package dev.descent.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for long-running commands: the shutdown hook asks the command to stop, then holds the
 * JVM until the command has closed what it opened (the Streams app commits, the broker flushes),
 * so a stop is always clean.
 */
final class StopSignal {
    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(60);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "descent-stop");

    static StopSignal install() {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Waits until a stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits up to {@code timeout}; true when a stop was requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Call when everything is closed; removes the hook if the command ended by itself. */
    void cleanedUp() {
        cleanedUp.countDown();
        if (!requested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running and is about to see cleanedUp
            }
        }
    }

    private void onShutdown() {
        requested.countDown();
        try {
            cleanedUp.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
