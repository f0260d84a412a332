package dev.descent.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link DataOutput} into a growing byte array, for learner state. The topology encodes every
 * learner after every record, so this sits on the hot path: unlike {@code DataOutputStream} over a
 * {@code ByteArrayOutputStream} (a synchronized call per 8-byte value) it writes each long straight
 * into the array. Same big-endian format as {@code DataOutputStream}.
 */
final class StateOutput implements DataOutput {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int size;

    StateOutput(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    /** Raw bits, so NaN payloads survive. */
    void writeDoubles(double[] values) {
        ensure(8 * values.length);
        // One bulk copy with byte swapping (raw bits kept): about twice as fast as a long at a time.
        ByteBuffer.wrap(buffer, size, 8 * values.length).asDoubleBuffer().put(values);
        size += 8 * values.length;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buffer, size, len);
        size += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensure(2);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensure(4);
        INTS.set(buffer, size, v);
        size += 4;
    }

    @Override
    public void writeLong(long v) {
        ensure(8);
        LONGS.set(buffer, size, v);
        size += 8;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /** Modified UTF-8 exactly as {@link DataOutputStream#writeUTF}, which owns that format's rules. */
    @Override
    public void writeUTF(String s) {
        ByteArrayOutputStream utf = new ByteArrayOutputStream(2 + s.length());
        try (DataOutputStream out = new DataOutputStream(utf)) {
            out.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(utf.toByteArray());
    }
}
