package dev.descent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waiting for something that only asking again can tell: a broker that answers, a topic with
 * leaders, a consumer group's committed offset. Where an event can be awaited instead (a Kafka
 * Streams state listener, a latch), await it.
 *
 * <p>The question is asked at once, then again every {@code interval}; once {@code timeout} has
 * passed, the next answer that is still no throws the caller's own exception, so each caller keeps
 * its message and exception type. Whatever the question throws passes through unchanged, and an
 * interrupt while waiting throws {@link InterruptedException} (the flag cleared, as by
 * {@link Thread#sleep}): a caller that cannot throw it says so in its own words.
 */
public final class Poll {

    /** A yes-or-no question that may block, and so may be interrupted. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws InterruptedException;
    }

    /** A question that may have no answer yet; it may block, and so may be interrupted. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> answer() throws InterruptedException;
    }

    private Poll() {
    }

    /** Returns once {@code condition} holds; throws {@code timedOut}'s exception if it still fails after {@code timeout}. */
    public static void until(Duration timeout, Duration interval, Condition condition,
                             Supplier<? extends RuntimeException> timedOut) throws InterruptedException {
        untilPresent(timeout, interval, () -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), timedOut);
    }

    /** Returns {@code probe}'s first answer; throws {@code timedOut}'s exception if it has none after {@code timeout}. */
    public static <T> T untilPresent(Duration timeout, Duration interval, Probe<T> probe,
                                     Supplier<? extends RuntimeException> timedOut) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> answer = probe.answer();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw timedOut.get();
            }
            TimeUnit.NANOSECONDS.sleep(interval.toNanos());
        }
    }
}
