package dev.descent.model;

import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the cells of one delimited row into a feature vector and a label, as its {@link Schema}
 * says: numeric fields in schema order, then each categorical field's one-hot columns. Cells can
 * be handed over one at a time as a reader finds them ({@link #encodeCell}), from its own buffer.
 */
public final class RowEncoder {
    private static final int IGNORED = 0;
    private static final int NUMERIC = 1;
    private static final int CATEGORICAL = 2;
    private static final int LABEL = 3;

    private final Schema schema;
    private final int[] role;           // per column: IGNORED, NUMERIC, CATEGORICAL or LABEL
    private final int[] offset;         // per column: the first feature it writes
    private final Field[] field;        // per column: its schema field, or null
    private final long[] values;        // per categorical column: values that were not missing
    private final long[] unknown;       // per categorical column: of those, values outside its categories

    /**
     * How often a categorical column held a value outside its categories.
     *
     * @param values the column's values that were not missing
     */
    public record UnknownCategories(String field, long unknown, long values) {
    }

    RowEncoder(Schema schema, Map<String, Integer> index, int columns) {
        this.schema = schema;
        role = new int[columns];
        offset = new int[columns];
        field = new Field[columns];
        values = new long[columns];
        unknown = new long[columns];
        int k = 0;
        List<Field> numeric = schema.fields().stream().filter(f -> f.type() == Type.NUMERIC).toList();
        List<Field> categorical = schema.fields().stream().filter(f -> f.type() == Type.CATEGORICAL).toList();
        for (Field f : numeric) {
            k = assign(index.get(f.name()), NUMERIC, k, f) + 1;
        }
        for (Field f : categorical) {
            k = assign(index.get(f.name()), CATEGORICAL, k, f) + f.categories().size();
        }
        Field label = schema.fields().stream().filter(f -> f.type() == Type.LABEL).findFirst().orElseThrow();
        assign(index.get(label.name()), LABEL, -1, label);
    }

    private int assign(int column, int role, int offset, Field field) {
        this.role[column] = role;
        this.offset[column] = offset;
        this.field[column] = field;
        return offset;
    }

    public Schema schema() {
        return schema;
    }

    /** The number of columns a row must have. */
    public int columns() {
        return role.length;
    }

    /**
     * Fills {@code features} (length {@link Schema#featureCount()}) and returns the label,
     * NaN when the label cell is empty. A bad cell is named before a wrong number of cells, as a
     * reader handing cells over one at a time finds them: a quote never closed makes a row short,
     * and its cell says why.
     */
    public double encode(String[] cells, double[] features) throws InvalidRecordException {
        double label = Double.NaN;
        for (int column = 0; column < cells.length; column++) {
            double v = encodeCell(column, cells[column], features);
            if (isLabel(column)) {
                label = v;
            }
        }
        if (cells.length != role.length) {
            throw new InvalidRecordException(null, "expected " + role.length + " columns, found " + cells.length);
        }
        return label;
    }

    /**
     * Encodes the cell of {@code column} (from 0) into {@code features}; returns its value when it is
     * the label's column (NaN for an empty label), else NaN. Columns outside the schema, and beyond
     * {@link #columns()}, are skipped.
     */
    public double encodeCell(int column, CharSequence text, double[] features) throws InvalidRecordException {
        if (column >= role.length) {
            return Double.NaN;
        }
        switch (role[column]) {
            case NUMERIC -> features[offset[column]] = schema.number(field[column].name(), text);
            case CATEGORICAL -> category(column, text, features);
            case LABEL -> {
                return schema.number(field[column].name(), text);
            }
            default -> { }
        }
        return Double.NaN;
    }

    private void category(int column, CharSequence text, double[] features) throws InvalidRecordException {
        if (schema.isMissing(text)) {
            field[column].oneHot(null, features, offset[column]);
            return;
        }
        if (field[column].oneHot(text, features, offset[column]) < 0) {
            if (Schema.spansLines(text)) {
                throw new InvalidRecordException(field[column].name(), Schema.OVER_LINES);
            }
            unknown[column]++;
        }
        values[column]++;
    }

    /** Every categorical column's count of values outside its categories, in schema order, since this encoder was made. */
    public List<UnknownCategories> unknownCategories() {
        List<UnknownCategories> counts = new ArrayList<>();
        for (int column = 0; column < role.length; column++) {
            if (role[column] == CATEGORICAL) {
                counts.add(new UnknownCategories(field[column].name(), unknown[column], values[column]));
            }
        }
        return counts;
    }

    /** Whether {@code column} holds the label. */
    public boolean isLabel(int column) {
        return column < role.length && role[column] == LABEL;
    }
}
