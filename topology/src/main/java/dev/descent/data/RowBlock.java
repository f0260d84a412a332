package dev.descent.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of data rows, encoded: filled by a reader ({@link CsvRows}, or rows held in memory handed
 * out in another order), read by the learners, then filled again. Arrays are allocated once, at
 * the block's capacity.
 */
public final class RowBlock {
    private final double[][] features;
    private final double[] labels;
    private final boolean[] valid;
    private final List<String> problems = new ArrayList<>();
    private long firstRow;
    private int size;

    public RowBlock(int capacity, int width) {
        features = new double[capacity][width];
        labels = new double[capacity];
        valid = new boolean[capacity];
    }

    public int capacity() {
        return labels.length;
    }

    public int size() {
        return size;
    }

    /** The data row index (from 0, bad rows counted) of this block's first row. */
    public long firstRow() {
        return firstRow;
    }

    /** The features of row {@code i} of the block; only meaningful when {@link #valid(int)}. */
    public double[] features(int i) {
        return features[i];
    }

    /** The label of row {@code i}, NaN when unlabeled. */
    public double label(int i) {
        return labels[i];
    }

    public boolean valid(int i) {
        return valid[i];
    }

    /** One message per bad row of the block, naming its line, e.g. {@code line 7: column 'x': not a number: 'abc'}. */
    public List<String> problems() {
        return problems;
    }

    /** Empties the block for rows from data row {@code firstRow} on. */
    public void clear(long firstRow) {
        this.firstRow = firstRow;
        size = 0;
        problems.clear();
    }

    /** The next row's feature array, to be filled and then {@link #accept}ed or {@link #reject}ed. */
    public double[] nextFeatures() {
        return features[size];
    }

    public void accept(double label) {
        labels[size] = label;
        valid[size++] = true;
    }

    /** The next row is bad; {@code problem} says why, or is null when that was said already. */
    public void reject(String problem) {
        labels[size] = Double.NaN;
        valid[size++] = false;
        if (problem != null) {
            problems.add(problem);
        }
    }

    public boolean full() {
        return size == labels.length;
    }
}
