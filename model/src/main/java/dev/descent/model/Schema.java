package dev.descent.model;

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
 * <p>Values: an empty numeric value is missing (NaN, imputed by the learner with the running
 * mean); text that is not a number, NaN, ±Infinity or a magnitude above {@value #MAX_MAGNITUDE}
 * is invalid. An empty label makes an unlabeled record (predict only). A categorical value
 * outside the listed categories, or empty, encodes as all zeros.
 */
public record Schema(List<Field> fields) {

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
         * others; all zeros for null or a value outside the categories. Returns the next column.
         */
        public int oneHot(String value, double[] features, int offset) {
            Arrays.fill(features, offset, offset + categories.size(), 0);
            int hit = value == null ? -1 : categories.indexOf(value.strip());
            if (hit >= 0) {
                features[offset + hit] = 1;
            }
            return offset + categories.size();
        }
    }

    public Schema {
        fields = List.copyOf(fields);
        long labels = fields.stream().filter(f -> f.type() == Type.LABEL).count();
        if (labels != 1) {
            throw new IllegalArgumentException("a schema needs exactly one label field, got " + labels);
        }
        if (fields.stream().noneMatch(f -> f.type() != Type.LABEL)) {
            throw new IllegalArgumentException("a schema needs at least one feature field");
        }
        if (fields.stream().map(Field::name).distinct().count() != fields.size()) {
            throw new IllegalArgumentException("schema field names must be unique");
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

    /** Parses a numeric value of {@code field}; empty text means missing (NaN). */
    public static double parseNumber(String field, String text) throws InvalidRecordException {
        String t = text.strip();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.matches("[+-]?(nan|inf|infinity)")) {
            throw new InvalidRecordException(field, "non-finite value " + t + " (leave the value empty for missing)");
        }
        double v;
        try {
            if (!isDecimal(t)) {
                throw new NumberFormatException(t);
            }
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(field, "not a number: '" + abbreviate(t) + "'");
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

    /** Plain decimal notation only: Java would also take "12f", "3d" and hex, which no data file means. */
    private static boolean isDecimal(String t) {
        for (int i = 0; i < t.length(); i++) {
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

    /** Binds this schema to the columns of a delimited file; every schema field must be a column. */
    public RowEncoder forColumns(List<String> header) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i).strip(), i);
        }
        List<String> missing = fields.stream().map(Field::name).filter(n -> !index.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("schema field(s) " + missing + " not found among the columns " + header);
        }
        return new RowEncoder(this, index, header.size());
    }
}
