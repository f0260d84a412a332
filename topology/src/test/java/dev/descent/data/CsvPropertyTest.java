package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated CSV files of the California columns, in any column order, with missing, bad and ragged
 * rows, quoted fields and empty lines, are read as written; the same files spoilt (bytes flipped,
 * cut short, garbage appended or inserted) end in rows or a {@link dev.descent.UserException} and
 * never another exception, and both readers agree on them ({@link CsvReading}).
 *
 * <p>Each property draws its files from a fixed seed, so a failure repeats; its message shows the
 * file. The coverage-guided search for files nobody thought of is {@link CsvFuzzTest}.
 */
class CsvPropertyTest {
    private static final int TRIES = 500;
    private static final Schema SCHEMA = CaliforniaHousing.schema();
    private static final List<String> NOT_NUMBERS = List.of("abc", "NaN", "-Infinity", "inf", "1e400", "1e16", "12f",
            "0x10", "1,5", "--1", "\"", "1 2");

    @TempDir
    Path dir;

    /** A CSV text and what each of its data rows means: its values (features, then label), or null for a bad row. */
    record CsvFile(String text, List<List<Double>> rows) {
    }

    @Test
    void aGeneratedFileReadsAsWritten() throws IOException {
        Random random = new Random(1);
        for (int i = 0; i < TRIES; i++) {
            CsvFile csv = csv(random);
            Path file = write(csv.text().getBytes(StandardCharsets.UTF_8));
            Map<Long, List<Double>> good = new TreeMap<>();
            for (int row = 0; row < csv.rows().size(); row++) {
                if (csv.rows().get(row) != null) {
                    good.put((long) row, csv.rows().get(row));
                }
            }

            CsvReading.Rows rows = CsvReading.rows(file, SCHEMA);

            assertEquals(good, rows.good(), csv.text());
            assertEquals(csv.rows().size() - good.size(), rows.problems().size(), rows.problems() + " in\n" + csv.text());
            withText(csv.text(), () -> CsvReading.assertReadAlike(file, SCHEMA));
        }
    }

    @Test
    void aSpoiltFileIsReadAlikeOrRefused() throws IOException {
        Random random = new Random(2);
        for (int i = 0; i < TRIES; i++) {
            byte[] bytes = spoil(csv(random).text().getBytes(StandardCharsets.UTF_8), random);
            Path file = write(bytes);

            withText(new String(bytes, StandardCharsets.UTF_8), () -> CsvReading.assertReadAlike(file, SCHEMA));
        }
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("houses.csv"), bytes);
    }

    private static void withText(String text, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " in the file:\n" + text, e);
        }
    }

    /** A header in a random column order (maybe an extra column, spaces, a byte-order mark), then up to 8 rows. */
    private static CsvFile csv(Random random) {
        List<String> columns = new ArrayList<>(SCHEMA.fields().stream().map(Field::name).toList());
        if (random.nextBoolean()) {
            columns.add("note");
        }
        Collections.shuffle(columns, random);
        String eol = random.nextBoolean() ? "\n" : "\r\n";
        StringBuilder text = new StringBuilder(random.nextInt(5) == 0 ? "\uFEFF" : "");
        text.append(columns.stream().map(c -> random.nextInt(5) == 0 ? " " + c + " " : c).collect(Collectors.joining(",")));
        List<List<Double>> rows = new ArrayList<>();
        for (int n = random.nextInt(9); n > 0; n--) {
            text.append(eol);
            if (random.nextInt(20) == 0) {
                text.append(eol);       // an empty line: no row
            }
            rows.add(row(columns, random, text));
        }
        if (random.nextBoolean()) {
            text.append(eol);
        }
        return new CsvFile(text.toString(), rows);
    }

    /** Appends one data row to {@code text}; returns its values, or null when it is bad. */
    private static List<Double> row(List<String> columns, Random random, StringBuilder text) {
        int numeric = (int) SCHEMA.fields().stream().filter(f -> f.type() == Type.NUMERIC).count();
        double[] features = new double[SCHEMA.featureCount()];
        Arrays.fill(features, 0, numeric, Double.NaN);
        double label = Double.NaN;
        boolean bad = false;
        List<String> cells = new ArrayList<>();
        for (String column : columns) {
            Field f = SCHEMA.fields().stream().filter(x -> x.name().equals(column)).findFirst().orElse(null);
            String cell;
            if (f == null) {
                cell = text(random, 10);
            } else if (f.type() == Type.CATEGORICAL) {
                cell = category(random);
                String category = cell.strip();
                int hit = CaliforniaHousing.OCEAN_PROXIMITY.indexOf(category);
                if (hit >= 0) {
                    features[numeric + hit] = 1;
                } else if (!category.isEmpty() && (cell.contains("\n") || cell.contains("\r"))) {
                    bad = true;                 // a line break in a category's cell means a quote left open
                }
            } else {
                int draw = random.nextInt(10);
                double v = Double.NaN;
                if (draw == 0) {
                    cell = random.nextBoolean() ? "" : "  ";
                } else if (draw == 1) {
                    cell = NOT_NUMBERS.get(random.nextInt(NOT_NUMBERS.size()));
                    bad = true;
                } else {
                    Number number = number(random);
                    v = number.doubleValue();
                    cell = random.nextInt(5) == 0 ? " " + number + " " : number.toString();
                }
                if (f.type() == Type.LABEL) {
                    label = v;
                } else {
                    features[SCHEMA.fields().stream().filter(x -> x.type() == Type.NUMERIC).toList().indexOf(f)] = v;
                }
            }
            cells.add(cell);
        }
        if (random.nextInt(15) == 0) {
            bad = true;                         // ragged: a column short, or one too many
            if (random.nextBoolean()) {
                cells.remove(cells.size() - 1);
            } else {
                cells.add("x");
            }
        }
        text.append(cells.stream().map(c -> quoted(c, random)).collect(Collectors.joining(",")));
        return bad ? null : CsvReading.values(features, label);
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled; others sometimes are. */
    private static String quoted(String cell, Random random) {
        boolean must = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
        return must || random.nextInt(10) == 0 ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /** Finite numbers within the schema's magnitude, of every precision and exponent, as Java writes them. */
    private static Number number(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                double d;
                do {
                    d = Double.longBitsToDouble(random.nextLong());
                } while (!Double.isFinite(d) || Math.abs(d) > Schema.MAX_MAGNITUDE);
                yield d;
            }
            case 1 -> Math.round(random.nextDouble(-1e6, 1e6) * 1e4) / 1e4;
            default -> random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_001L);
        };
    }

    /** A known category (maybe with spaces around it), missing, or any other text. */
    private static String category(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> (random.nextBoolean() ? " " : "")
                    + CaliforniaHousing.OCEAN_PROXIMITY.get(random.nextInt(CaliforniaHousing.OCEAN_PROXIMITY.size()));
            case 1 -> random.nextBoolean() ? "" : " ";
            default -> text(random, 10);
        };
    }

    /** Printable ASCII with the characters CSV cares about, else any character up to the surrogates. */
    private static String text(Random random, int maxLength) {
        String special = ",\"\n\r ";
        StringBuilder text = new StringBuilder();
        boolean ascii = random.nextInt(3) > 0;
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            int draw = random.nextInt(10);
            text.append(draw == 0 ? special.charAt(random.nextInt(special.length()))
                    : (char) (ascii ? random.nextInt('!', '~' + 1) : random.nextInt(0xD800)));
        }
        return text.toString();
    }

    /** Bytes flipped, the file cut short, or random bytes appended or inserted. */
    private static byte[] spoil(byte[] bytes, Random random) {
        byte[] noise = new byte[1 + random.nextInt(8)];
        random.nextBytes(noise);
        int at = random.nextInt(bytes.length + 1);
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] flipped = bytes.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0 && flipped.length > 0; flips--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                }
                yield flipped;
            }
            case 1 -> Arrays.copyOf(bytes, at);
            case 2 -> concat(bytes, noise);
            default -> concat(concat(Arrays.copyOf(bytes, at), noise), Arrays.copyOfRange(bytes, at, bytes.length));
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
