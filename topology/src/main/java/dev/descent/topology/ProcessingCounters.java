package dev.descent.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.processor.TaskId;

/**
 * What this instance's tasks have processed: input records, dead letters by reason and
 * predictions, summed over the tasks it runs ({@link TaskCounts}: each task's figures as committed
 * plus what it processed since, back to the committed figures after an aborted transaction, and
 * moving with the task to whichever instance runs it). On an input of several partitions also the
 * deltas it merged, if it runs the merger: those count merges done, a delta merged again after an
 * aborted transaction included.
 */
public final class ProcessingCounters {
    private final Map<TaskId, TaskCounts> tasks = new ConcurrentHashMap<>();
    private final LongAdder mergedDeltas = new LongAdder();
    private final LongAdder duplicateDeltas = new LongAdder();
    private final LongAdder staleVersions = new LongAdder();
    private volatile LongConsumer labelDelays = millis -> { };

    /** The figures of {@code task}, which its processors count into. */
    TaskCounts task(TaskId task) {
        return tasks.computeIfAbsent(task, t -> new TaskCounts());
    }

    /** {@code task} no longer runs here: its figures go with it. */
    void closed(TaskId task) {
        tasks.remove(task);
    }

    private long sum(ToLongFunction<TaskCounts> figure) {
        return tasks.values().stream().mapToLong(figure).sum();
    }

    /** A delta merged {@code staleness} versions after the version it was learned on. */
    void mergedDelta(long staleness) {
        mergedDeltas.increment();
        staleVersions.add(staleness);
    }

    void duplicateDelta() {
        duplicateDeltas.increment();
    }

    public long mergedDeltas() {
        return mergedDeltas.sum();
    }

    /** Deltas that came again after being merged, and were not merged twice. */
    public long duplicateDeltas() {
        return duplicateDeltas.sum();
    }

    /** The versions merged between each delta's base and its own merge, summed over the merged deltas. */
    public long staleVersions() {
        return staleVersions.sum();
    }

    public long recordsIn() {
        return sum(TaskCounts::recordsIn);
    }

    public long predictions() {
        return sum(TaskCounts::predictions);
    }

    public long deadLetters(DeadLetterReason reason) {
        return sum(t -> t.deadLetters(reason));
    }

    /** With {@link Listings}: houses listed and waiting for their sale. */
    public long pendingListings() {
        return sum(TaskCounts::pending);
    }

    /** With {@link Listings}: sales learned with their listing's predictions scored. */
    public long soldListings() {
        return sum(TaskCounts::sold);
    }

    /** With {@link Listings}: listings that waited longer than the label window for their sale. */
    public long expiredListings() {
        return sum(TaskCounts::expired);
    }

    /** With {@link Listings}: event time the oldest pending listing of this instance has waited, milliseconds. */
    public long oldestPendingAgeMillis() {
        return tasks.values().stream().mapToLong(TaskCounts::oldestPendingAgeMillis).max().orElse(0);
    }

    /** Where each sale's label delay (event time from the prediction at listing to the sale) goes, e.g. a histogram. */
    public void onLabelDelay(LongConsumer listener) {
        labelDelays = listener;
    }

    void labelDelay(long millis) {
        labelDelays.accept(millis);
    }

    public long deadLetters() {
        long all = 0;
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            all += deadLetters(reason);
        }
        return all;
    }
}
