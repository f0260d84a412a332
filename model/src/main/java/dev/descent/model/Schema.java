package dev.descent.model;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which fields of a record are numeric features, categorical features and the label, and how
 * they become the feature vector: numeric fields in schema order, then one 0/1 column per
 * category of each categorical field.
 *
 * <p>Values: a value that is one of the {@code missing} tokens (by default only the empty value;
 * white space around a value never counts) is missing: a numeric feature is NaN, imputed by the
 * learner with the running mean, a category encodes as all zeros, an absent label makes an
 * unlabeled record (predict only). Text that is not a number, NaN, ±Infinity or a magnitude above
 * {@value #MAX_MAGNITUDE} is invalid. A categorical value outside the listed categories encodes as
 * all zeros.
 */
public record Schema(List<Field> fields, List<String> missing) {

    /** Larger magnitudes are rejected: they would swamp the running statistics. */
    public static final double MAX_MAGNITUDE = 1e15;

    public enum Type { NUMERIC, CATEGORICAL, LABEL }

    public record Field(String name, Type type, List<String> categories) {
        public Field {
            categories = List.copyOf(categories);
        }

        public static Field numeric(String name) {
            return new Field(name, Type.NUMERIC, List.of());
        }

        public static Field categorical(String name, List<String> categories) {
            return new Field(name, Type.CATEGORICAL, categories);
        }

        public static Field label(String name) {
            return new Field(name, Type.LABEL, List.of());
        }

        /**
         * Writes this categorical field's one-hot columns for {@code value} into {@code features} from
         * {@code offset}: 1 in the column of its category (surrounding white space ignored), 0 in the
         * others; all zeros for null or a value outside the categories. Returns the category's index,
         * or -1 when there is none.
         */
        public int oneHot(CharSequence value, double[] features, int offset) {
            Arrays.fill(features, offset, offset + categories.size(), 0);
            int hit = value == null ? -1 : category(value);
            if (hit >= 0) {
                features[offset + hit] = 1;
            }
            return hit;
        }

        /** The index of {@code value}'s category, white space around it ignored, or -1; copies nothing. */
        private int category(CharSequence value) {
            int start = trimmedStart(value);
            int end = trimmedEnd(value, start);
            for (int c = 0; c < categories.size(); c++) {
                if (sameText(categories.get(c), value, start, end)) {
                    return c;
                }
            }
            return -1;
        }

        static boolean sameText(String category, CharSequence value, int start, int end) {
            if (category.length() != end - start) {
                return false;
            }
            for (int i = 0; i < category.length(); i++) {
                if (category.charAt(i) != value.charAt(start + i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Only an empty value means missing. */
    public Schema(List<Field> fields) {
        this(fields, List.of(""));
    }

    public Schema {
        fields = List.copyOf(fields);
        missing = missing.stream().map(String::strip).toList();
        long labels = fields.stream().filter(f -> f.type() == Type.LABEL).count();
        if (labels != 1) {
            throw new IllegalArgumentException("a schema needs exactly one label field, got " + labels);
        }
        if (fields.stream().noneMatch(f -> f.type() != Type.LABEL)) {
            throw new IllegalArgumentException("a schema needs at least one feature field");
        }
        Map<String, Type> seen = new HashMap<>();
        for (Field f : fields) {
            Type before = seen.putIfAbsent(f.name(), f.type());
            if (before != null) {
                throw new IllegalArgumentException("schema field names must be unique: '" + f.name() + "' is listed as "
                        + before.name().toLowerCase(Locale.ROOT) + " and as " + f.type().name().toLowerCase(Locale.ROOT));
            }
        }
        for (Field f : fields) {
            if (f.type() == Type.CATEGORICAL && f.categories().isEmpty()) {
                throw new IllegalArgumentException("categorical field '" + f.name() + "' lists no categories");
            }
        }
    }

    public String label() {
        return fields.stream().filter(f -> f.type() == Type.LABEL).findFirst().orElseThrow().name();
    }

    /** Names of the feature-vector columns, e.g. {@code ocean_proximity=INLAND} for one-hot ones. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Field f : fields) {
            if (f.type() == Type.NUMERIC) {
                names.add(f.name());
            }
        }
        for (Field f : fields) {
            if (f.type() == Type.CATEGORICAL) {
                f.categories().forEach(c -> names.add(f.name() + "=" + c));
            }
        }
        return names;
    }

    public int featureCount() {
        return featureNames().size();
    }

    /**
     * Parses a numeric value of {@code field}; text that is empty once surrounding white space is
     * dropped means missing (NaN). {@code text} may be a view into a reader's buffer: nothing is
     * copied unless the text is bad and has to be quoted.
     */
    public static double parseNumber(String field, CharSequence text) throws InvalidRecordException {
        int start = trimmedStart(text);
        int end = trimmedEnd(text, start);
        if (start == end) {
            return Double.NaN;
        }
        if (!isDecimal(text, start, end)) {
            String t = text.subSequence(start, end).toString();
            if (t.toLowerCase(Locale.ROOT).matches("[+-]?(nan|inf|infinity)")) {
                throw new InvalidRecordException(field, "non-finite value " + t + " (leave the value empty for missing)");
            }
            throw new InvalidRecordException(field, spansLines(t) ? OVER_LINES : "not a number: '" + abbreviate(t) + "'");
        }
        double v;
        try {
            v = JavaDoubleParser.parseDouble(text, start, end - start);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(field, "not a number: '" + abbreviate(text.subSequence(start, end).toString())
                    + "'");
        }
        return checkNumber(field, v);
    }

    /** Rejects NaN, ±Infinity and magnitudes above {@link #MAX_MAGNITUDE}. */
    public static double checkNumber(String field, double v) throws InvalidRecordException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new InvalidRecordException(field, "non-finite value " + v + " (leave the value empty for missing)");
        }
        if (Math.abs(v) > MAX_MAGNITUDE) {
            throw new InvalidRecordException(field,
                    String.format(Locale.ROOT, "value %s is out of range (magnitude above %.0e)", v, MAX_MAGNITUDE));
        }
        return v;
    }

    /** What a value with a line break in it means in a schema's column: a quote opened and never closed. */
    static final String OVER_LINES = "the value runs over several lines: a quote opened and never closed?";

    static boolean spansLines(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Where {@code text} starts once leading white space is dropped. */
    private static int trimmedStart(CharSequence text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Where {@code text} ends once trailing white space is dropped, not before {@code start}. */
    private static int trimmedEnd(CharSequence text, int start) {
        int end = text.length();
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Plain decimal notation only: Java would also take "12f", "3d" and hex, which no data file means. */
    private static boolean isDecimal(CharSequence t, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Whether {@code text}, surrounding white space dropped, is one of the tokens that mean missing. */
    public boolean isMissing(CharSequence text) {
        int start = trimmedStart(text);
        int end = trimmedEnd(text, start);
        for (String token : missing) {
            if (Field.sameText(token, text, start, end)) {
                return true;
            }
        }
        return false;
    }

    /** A numeric value of {@code field}: NaN for a missing token, else as {@link #parseNumber} reads it. */
    public double number(String field, CharSequence text) throws InvalidRecordException {
        return isMissing(text) ? Double.NaN : parseNumber(field, text);
    }

    /**
     * Binds this schema to the columns of a delimited file; every schema field must be a column,
     * and no column name may appear twice.
     */
    public RowEncoder forColumns(List<String> header) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer before = index.putIfAbsent(header.get(i).strip(), i);
            if (before != null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "column '%s' appears twice in the header (columns %d and %d)", header.get(i).strip(), before + 1,
                        i + 1));
            }
        }
        List<String> absent = fields.stream().map(Field::name).filter(n -> !index.containsKey(n)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException("schema field(s) " + absent + " not found among the columns " + header);
        }
        return new RowEncoder(this, index, header.size());
    }
}
