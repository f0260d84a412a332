package dev.descent.evaluate;

import dev.descent.UserException;
import dev.descent.data.CsvRows;
import dev.descent.data.RowBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every data row of a CSV file, encoded and held in memory, for a pass in an order other than the
 * file's: a shuffle needs them all at hand. A bad row is kept as a null entry (so row indices stay
 * those of the file, which a seeded shuffle relies on).
 *
 * @param features   one feature vector per data line, null for a bad line
 * @param labels     the label per data line, NaN when unlabeled or bad
 * @param problems   one message per bad line, in file order
 * @param parseNanos time spent reading and encoding
 */
public record EncodedRows(double[][] features, double[] labels, List<String> problems, long parseNanos) {
    private static final int BLOCK_ROWS = 16_384;
    /** Bytes of the file sampled to estimate its row count. */
    private static final int SAMPLE_BYTES = 1 << 20;

    /**
     * @throws UserException when the rows would not fit in the JVM's heap (said before reading them),
     *                       or as {@link CsvRows#open} says
     */
    public static EncodedRows read(Path path, CsvRows csv) {
        int width = csv.schema().featureCount();
        long rows = estimatedRows(path);
        long needed = rows * bytesPerRow(width);
        long available = Runtime.getRuntime().maxMemory();
        if (needed > available * 0.8) {
            throw new UserException(String.format(Locale.ROOT, "--shuffle-seed holds every row in memory: about %,d MB"
                    + " for about %,d rows of %d features, more than the %,d MB this JVM may use; evaluate without"
                    + " --shuffle-seed (one pass in file order, in constant memory) or give the JVM more"
                    + " (DESCENT_JAVA_OPTS=-Xmx…)", needed >> 20, rows, width, available >> 20));
        }
        List<double[]> features = new ArrayList<>();
        double[] labels = new double[BLOCK_ROWS];
        List<String> problems = new ArrayList<>();
        RowBlock block = new RowBlock(BLOCK_ROWS, width);
        long start = System.nanoTime();
        while (csv.read(block)) {
            for (int i = 0; i < block.size(); i++) {
                if (features.size() == labels.length) {
                    labels = Arrays.copyOf(labels, 2 * labels.length);
                }
                labels[features.size()] = block.label(i);
                features.add(block.valid(i) ? block.features(i).clone() : null);
            }
            problems.addAll(block.problems());
        }
        long parseNanos = System.nanoTime() - start;
        return new EncodedRows(features.toArray(double[][]::new), Arrays.copyOf(labels, features.size()),
                List.copyOf(problems), parseNanos);
    }

    /** A feature vector, its slot in the row array, a label and a row of the shuffled order, as the JVM lays them out. */
    static long bytesPerRow(int width) {
        return 16 + 8L * width + 8 + 8 + 4;
    }

    /** The file's size over the mean length of the lines in its first megabyte. */
    private static long estimatedRows(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] sample = in.readNBytes(SAMPLE_BYTES);
            long lines = 0;
            for (byte b : sample) {
                if (b == '\n') {
                    lines++;
                }
            }
            return lines == 0 ? 1 : Files.size(path) * lines / sample.length;
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
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
