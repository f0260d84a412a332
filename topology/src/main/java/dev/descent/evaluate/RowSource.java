package dev.descent.evaluate;

import dev.descent.data.RowBlock;

/** The rows of one prequential pass, a block at a time, in feeding order. */
interface RowSource extends AutoCloseable {

    /** The next block, or null after the last; it stays the caller's until {@link #release}d. */
    RowBlock next() throws InterruptedException;

    /** Hands a block back once every learner has passed over it. */
    void release(RowBlock block);

    /** Time spent reading and encoding so far. */
    long parseNanos();

    @Override
    void close();
}
