package dev.descent.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import dev.descent.UserException;
import dev.descent.model.InvalidRecordException;
import dev.descent.model.RowEncoder;
import dev.descent.model.Schema;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The data rows of a CSV file, encoded by a schema as they are read, a block at a time: the
 * file is never held whole. FastCSV splits the text (RFC 4180: quoted fields may hold commas,
 * doubled quotes and line breaks; a byte-order mark before the header is skipped) and hands each field over as a
 * range of its buffer, which the {@link RowEncoder} parses in place: no string per cell.
 *
 * <p>A bad row (a wrong number of columns, text that is not a number, NaN, Infinity, a magnitude
 * above 1e15) is kept as an invalid row with a message naming the line it starts on, so row
 * indices stay those of the file. Fatal problems (missing file, not UTF-8, no header, a schema
 * field that is not a column) are a {@link UserException}.
 */
public final class CsvRows implements Closeable {
    private final Path path;
    private final List<String> header;
    private final RowEncoder encoder;
    private final CsvReader<Boolean> reader;
    private final Iterator<Boolean> rows;
    private final EncodingHandler handler;
    private long nextRow;

    private CsvRows(Path path, List<String> header, RowEncoder encoder, CsvReader<Boolean> reader, EncodingHandler handler) {
        this.path = path;
        this.header = header;
        this.encoder = encoder;
        this.reader = reader;
        this.rows = reader.iterator();
        this.handler = handler;
    }

    /** @throws UserException when the file cannot be read as CSV with the schema's columns */
    public static CsvRows open(Path path, Schema schema) {
        EncodingHandler handler = new EncodingHandler();
        CsvReader<Boolean> reader = CsvText.builder().build(handler, CsvText.open(path));
        try {
            Iterator<Boolean> records = reader.iterator();
            List<String> header = CsvText.reading(path, () -> handler.header(records));
            RowEncoder encoder = CsvText.encoder(path, header == null ? List.of() : header, schema);
            handler.encoder = encoder;
            return new CsvRows(path, header, encoder, reader, handler);
        } catch (UserException e) {
            CsvText.close(reader);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public List<String> header() {
        return header;
    }

    public Schema schema() {
        return encoder.schema();
    }

    /** Values outside their column's categories among the rows read so far. */
    public List<RowEncoder.UnknownCategories> unknownCategories() {
        return encoder.unknownCategories();
    }

    /**
     * Fills {@code block} with the next rows, as many as it holds; false when there were none left.
     *
     * @throws UserException when the file turns out not to be UTF-8 or cannot be read further
     */
    public boolean read(RowBlock block) {
        block.clear(nextRow);
        handler.block = block;
        return CsvText.reading(path, () -> {
            while (!block.full() && rows.hasNext()) {
                rows.next();
                nextRow++;
            }
            return block.size() > 0;
        });
    }

    @Override
    public void close() {
        CsvText.close(reader);
    }

    /** Encodes each field into the current block's row as FastCSV finds it; the first bad cell condemns the row. */
    private static final class EncodingHandler extends AbstractBaseCsvCallbackHandler<Boolean> {
        private final CharView cell = new CharView();
        private RowEncoder encoder;     // null while the header is read
        private RowBlock block;
        private List<String> headerFields;
        private double[] features;
        private double label;
        private String problem;

        /** The fields of the first record, or null for a file without one. */
        List<String> header(Iterator<Boolean> records) {
            headerFields = new ArrayList<>();
            if (!records.hasNext()) {
                return null;
            }
            records.next();
            return headerFields;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            if (encoder != null) {
                features = block.nextFeatures();
                label = Double.NaN;
                problem = null;
            }
        }

        @Override
        protected void handleField(int index, char[] buffer, int offset, int length, boolean quoted) {
            if (encoder == null) {
                headerFields.add(CsvText.columnName(index, new String(buffer, offset, length)));
                return;
            }
            if (problem != null) {
                return;
            }
            try {
                double v = encoder.encodeCell(index, cell.of(buffer, offset, length), features);
                if (encoder.isLabel(index)) {
                    label = v;
                }
            } catch (InvalidRecordException e) {
                problem = e.getMessage();
            }
        }

        /** True for every record, which FastCSV would take for "skip it" if null; empty lines are skipped. */
        @Override
        protected Boolean buildRecord() {
            if (encoder == null || getRecordType() == RecordType.EMPTY) {
                return Boolean.TRUE;
            }
            if (problem == null && getFieldCount() != encoder.columns()) {
                problem = "expected " + encoder.columns() + " columns, found " + getFieldCount();
            }
            if (problem == null) {
                block.accept(label);
            } else {
                block.reject("line " + getStartingLineNumber() + ": " + problem);
            }
            return Boolean.TRUE;
        }
    }

    /** A reusable view of a range of FastCSV's buffer, valid until the next field. */
    private static final class CharView implements CharSequence {
        private char[] buffer;
        private int offset;
        private int length;

        CharView of(char[] buffer, int offset, int length) {
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
            return this;
        }

        @Override public int length() { return length; }

        @Override public char charAt(int index) { return buffer[offset + index]; }

        @Override public CharSequence subSequence(int start, int end) { return new String(buffer, offset + start, end - start); }

        @Override public String toString() { return new String(buffer, offset, length); }
    }
}
