package dev.descent.evaluate;

import dev.descent.UserException;
import dev.descent.model.InvalidRecordException;
import dev.descent.model.RowEncoder;
import dev.descent.model.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * The data lines of a CSV file encoded by a schema. A bad line is kept as a null entry (so
 * row indices stay those of the file, which a seeded shuffle relies on) with a message
 * naming its line, column and reason.
 *
 * @param features   one feature vector per data line, null for a bad line
 * @param labels     the label per data line, NaN when unlabeled or bad
 * @param problems   one message per bad line, in file order
 * @param parseNanos time spent splitting and encoding
 */
public record EncodedRows(double[][] features, double[] labels, List<String> problems, long parseNanos) {

    public static EncodedRows encode(CsvFile file, Schema schema) {
        RowEncoder encoder;
        try {
            encoder = schema.forColumns(file.header());
        } catch (IllegalArgumentException e) {
            throw new UserException(file.path() + ": " + e.getMessage());
        }
        if (file.lines().isEmpty()) {
            throw new UserException(file.path() + " has a header but no data lines");
        }
        long start = System.nanoTime();
        int n = file.lines().size();
        double[][] features = new double[n][];
        double[] labels = new double[n];
        List<String> problems = new ArrayList<>();
        int width = schema.featureCount();
        for (int i = 0; i < n; i++) {
            double[] x = new double[width];
            try {
                labels[i] = encoder.encode(CsvFile.split(file.lines().get(i)), x);
                features[i] = x;
            } catch (InvalidRecordException e) {
                labels[i] = Double.NaN;
                problems.add("line " + CsvFile.lineNumber(i) + ": " + e.getMessage());
            }
        }
        long parseNanos = System.nanoTime() - start;
        if (problems.size() == n) {
            throw new UserException(file.path() + ": none of the " + n + " data lines is valid; first problem: "
                    + problems.get(0));
        }
        return new EncodedRows(features, labels, problems, parseNanos);
    }

    public int size() {
        return labels.length;
    }

    public int badRows() {
        return problems.size();
    }

    /** Valid rows whose label is empty: predicted, never scored or learned. */
    public int unlabeledRows() {
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            if (features[i] != null && Double.isNaN(labels[i])) {
                count++;
            }
        }
        return count;
    }
}
