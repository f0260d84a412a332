package dev.descent.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Raw-bit double arrays for learner state: NaN payloads and signed zeros survive a round trip. */
final class StateIo {

    private StateIo() {
    }

    static void writeDoubles(DataOutput out, double[] values) throws IOException {
        if (out instanceof StateOutput state) {
            state.writeDoubles(values);
            return;
        }
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    static void readDoubles(DataInput in, double[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(in.readLong());
        }
    }

    static void writeDouble(DataOutput out, double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    static double readDouble(DataInput in) throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }
}
