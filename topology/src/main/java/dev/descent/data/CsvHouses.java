package dev.descent.data;

import dev.descent.UserException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.descent.model.InvalidRecordException;
import dev.descent.model.RowEncoder;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import dev.descent.model.Schema.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV file as input-topic records: one JSON object per data line with the schema's
 * fields, numeric fields and the label as JSON numbers, categories as text; a missing cell (empty,
 * or one of the schema's missing tokens) leaves its field out; columns outside the schema are left
 * out.
 *
 * <p>Bad lines are reported and skipped by the same rules and with the same messages as
 * {@code descent evaluate} (text that is not a number, NaN, Infinity, magnitudes above 1e15, a
 * wrong number of columns): a file then yields the same records on a topic as evaluate learns
 * from, and the user hears of a typo while producing instead of finding it among dead letters.
 *
 * @param records  the good lines, in file order, keyed {@code <file name>-<data line index>}
 *                 (index from 0, counting bad lines too, so keys match evaluate's row indices)
 * @param problems one message per bad line, e.g. {@code line 7: column 'total_rooms': not a number: 'abc'}
 */
public record CsvHouses(Path path, List<HouseMessage> records, List<String> problems) {

    /**
     * @throws UserException when the file is missing, unreadable, not UTF-8, has no header or no
     *                       data line, lacks a schema field as a column, or has no valid line at all
     */
    public static CsvHouses read(Path path, Schema schema) {
        List<HouseMessage> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvText.builder().ofCsvRecord(CsvText.open(path))) {
            Iterator<CsvRecord> rows = reader.iterator();
            List<String> names = CsvText.reading(path, () -> rows.hasNext() ? rows.next().getFields() : List.of());
            List<String> header = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                header.add(CsvText.columnName(i, names.get(i)));
            }
            RowEncoder encoder = CsvText.encoder(path, header, schema);
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.put(header.get(i), i);
            }
            double[] checked = new double[schema.featureCount()];
            String keyPrefix = path.getFileName() + "-";
            for (long i = 0; CsvText.reading(path, rows::hasNext); i++) {
                CsvRecord row = rows.next();
                try {
                    // the encoder judges the row by evaluate's rules; the record keeps the cells' own text
                    encoder.encode(row.getFields().toArray(String[]::new), checked);
                    Map<String, Object> fields = fields(row.getFields(), schema, columns);
                    records.add(new HouseMessage(keyPrefix + i, HouseJson.encode(fields)));
                } catch (InvalidRecordException e) {
                    problems.add("line " + row.getStartingLineNumber() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (records.isEmpty() && problems.isEmpty()) {
            throw new UserException(path + " has a header but no data lines");
        }
        if (records.isEmpty()) {
            throw new UserException(path + ": none of the " + problems.size() + " data lines is valid; first problem: "
                    + problems.get(0));
        }
        return new CsvHouses(path, List.copyOf(records), List.copyOf(problems));
    }

    private static Map<String, Object> fields(List<String> cells, Schema schema, Map<String, Integer> columns)
            throws InvalidRecordException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            String cell = cells.get(columns.get(f.name())).strip();
            if (schema.isMissing(cell)) {
                continue;
            }
            fields.put(f.name(), f.type() == Type.CATEGORICAL ? cell : Schema.parseNumber(f.name(), cell));
        }
        return fields;
    }
}
