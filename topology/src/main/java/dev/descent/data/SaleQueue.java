package dev.descent.data;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Sales waiting for their moment, earliest first, sales at the same moment in their listings'
 * order. A sale at the very moment of a listing comes after it ({@link #dueBefore} is strict): the
 * listing is known first, so a delay of 0 still predicts before it learns.
 *
 * @param <T> what a sale carries
 */
public final class SaleQueue<T> {

    /** House {@code listing}'s sale at epoch millisecond {@code at}. */
    public record Sale<T>(long at, long listing, T item) {
    }

    private final PriorityQueue<Sale<T>> pending = new PriorityQueue<>(
            Comparator.<Sale<T>>comparingLong(Sale::at).thenComparingLong(Sale::listing));

    public void add(long at, long listing, T item) {
        pending.add(new Sale<>(at, listing, item));
    }

    /** Whether the earliest sale comes before a listing at {@code time}. */
    public boolean dueBefore(long time) {
        return !pending.isEmpty() && pending.peek().at() < time;
    }

    /** The earliest sale, removed; null when none waits. */
    public Sale<T> poll() {
        return pending.poll();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public int size() {
        return pending.size();
    }
}
