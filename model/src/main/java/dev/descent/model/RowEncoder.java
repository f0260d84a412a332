package dev.descent.model;

import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.util.List;
import java.util.Map;

/** Turns the cells of one delimited row into a feature vector and a label, as its {@link Schema} says. */
public final class RowEncoder {
    private final Schema schema;
    private final int columns;
    private final int[] numericColumns;
    private final String[] numericNames;
    private final int[] categoricalColumns;
    private final Field[] categoricalFields;
    private final int labelColumn;
    private final String labelName;

    RowEncoder(Schema schema, Map<String, Integer> index, int columns) {
        this.schema = schema;
        this.columns = columns;
        List<Field> numeric = schema.fields().stream().filter(f -> f.type() == Type.NUMERIC).toList();
        List<Field> categorical = schema.fields().stream().filter(f -> f.type() == Type.CATEGORICAL).toList();
        numericColumns = numeric.stream().mapToInt(f -> index.get(f.name())).toArray();
        numericNames = numeric.stream().map(Field::name).toArray(String[]::new);
        categoricalColumns = categorical.stream().mapToInt(f -> index.get(f.name())).toArray();
        categoricalFields = categorical.toArray(Field[]::new);
        labelName = schema.label();
        labelColumn = index.get(labelName);
    }

    public Schema schema() {
        return schema;
    }

    /**
     * Fills {@code features} (length {@link Schema#featureCount()}) and returns the label,
     * NaN when the label cell is empty.
     */
    public double encode(String[] cells, double[] features) throws InvalidRecordException {
        if (cells.length != columns) {
            throw new InvalidRecordException(null, "expected " + columns + " columns, found " + cells.length);
        }
        int k = 0;
        for (int i = 0; i < numericColumns.length; i++) {
            features[k++] = Schema.parseNumber(numericNames[i], cells[numericColumns[i]]);
        }
        for (int i = 0; i < categoricalColumns.length; i++) {
            k = categoricalFields[i].oneHot(cells[categoricalColumns[i]], features, k);
        }
        return Schema.parseNumber(labelName, cells[labelColumn]);
    }
}
