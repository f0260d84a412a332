package dev.descent.evaluate;

import dev.descent.data.CsvRows;
import dev.descent.data.RowBlock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A file's rows in file order, read a block at a time, so memory stays that of a few blocks
 * however long the file. With {@code ahead}, a reader thread encodes the next blocks while the
 * learners pass over the current one; without, each block is read when asked for.
 */
final class StreamedRows implements RowSource {
    /** Blocks in circulation when reading ahead: one being learned, one read, one waiting. */
    private static final int BLOCKS = 3;

    private final CsvRows csv;
    private final BlockingQueue<RowBlock> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Object> filled = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final Thread reader;
    private volatile long parseNanos;
    private boolean done;

    StreamedRows(CsvRows csv, int blockRows, boolean ahead) {
        this.csv = csv;
        int width = csv.schema().featureCount();
        for (int i = 0; i < (ahead ? BLOCKS : 1); i++) {
            free.add(new RowBlock(blockRows, width));
        }
        if (ahead) {
            reader = new Thread(this::readAll, "descent-csv-reader");
            reader.setDaemon(true);
            reader.start();
        } else {
            reader = null;
        }
    }

    /** The reader thread: fills free blocks until the file ends; the end (or a failure) is queued last. */
    private void readAll() {
        try {
            Object end = Boolean.FALSE;
            try {
                while (true) {
                    RowBlock block = free.take();
                    if (!readInto(block)) {
                        break;
                    }
                    filled.put(block);
                }
            } catch (RuntimeException e) {
                end = e;        // a bad file (UserException) or a bug: either way the learners must hear of it
            }
            filled.put(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean readInto(RowBlock block) {
        long start = System.nanoTime();
        boolean read = csv.read(block);
        parseNanos += System.nanoTime() - start;
        return read;
    }

    @Override
    public RowBlock next() throws InterruptedException {
        if (done) {
            return null;
        }
        if (reader == null) {
            RowBlock block = free.take();
            if (readInto(block)) {
                return block;
            }
            done = true;
            return null;
        }
        Object next = filled.take();
        if (next instanceof RowBlock block) {
            return block;
        }
        done = true;
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return null;
    }

    @Override
    public void release(RowBlock block) {
        free.add(block);
    }

    @Override
    public long parseNanos() {
        return parseNanos;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
        }
        csv.close();
    }
}
