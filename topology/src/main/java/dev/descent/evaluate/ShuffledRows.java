package dev.descent.evaluate;

import dev.descent.data.RowBlock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** Rows held in memory, handed out in a given order, a block at a time; bad rows keep their places. */
final class ShuffledRows implements RowSource {
    /** Blocks in circulation: the learners may be spread over a few. */
    private static final int BLOCKS = 3;

    private final EncodedRows rows;
    private final int[] order;
    private final BlockingQueue<RowBlock> free = new ArrayBlockingQueue<>(BLOCKS);
    private int next;

    ShuffledRows(EncodedRows rows, int[] order, int blockRows) {
        this.rows = rows;
        this.order = order;
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new RowBlock(blockRows, width(rows)));
        }
    }

    private static int width(EncodedRows rows) {
        for (double[] x : rows.features()) {
            if (x != null) {
                return x.length;
            }
        }
        return 0;
    }

    @Override
    public RowBlock next() throws InterruptedException {
        if (next == order.length) {
            return null;
        }
        RowBlock block = free.take();
        block.clear(next);
        while (next < order.length && !block.full()) {
            int row = order[next++];
            double[] x = rows.features()[row];
            if (x == null) {
                block.reject(null);
            } else {
                System.arraycopy(x, 0, block.nextFeatures(), 0, x.length);
                block.accept(rows.labels()[row]);
            }
        }
        return block;
    }

    @Override
    public void release(RowBlock block) {
        free.add(block);
    }

    @Override
    public long parseNanos() {
        return rows.parseNanos();
    }

    @Override
    public void close() {
    }
}
