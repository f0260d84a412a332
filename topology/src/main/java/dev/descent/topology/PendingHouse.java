package dev.descent.topology;

import java.nio.ByteBuffer;

/**
 * What the pending store keeps for one house id between its events (see {@link Listings}): a
 * listing waiting for its sale, a sale waiting for its listing, or a sale remembered so that a
 * duplicate is refused. Each knows when it expires (event time), and is stored as a kind byte and
 * its fields.
 */
sealed interface PendingHouse {
    byte LISTING = 1;
    byte SALE = 2;
    byte SOLD = 3;

    /** The kind byte. */
    byte kind();

    /**
     * The store's expiry index groups listings with sold marks ({@link #LISTING}): a sold mark takes
     * over its listing's deadline, so a sale changes the house's entry and nothing in the index.
     * Held sales, with their short grace, are a group of their own.
     */
    default byte deadlineGroup() {
        return kind() == SALE ? SALE : LISTING;
    }

    /** Event time after which it is gone: a listing expired, a held sale given up, a sale forgotten. */
    long deadline();

    byte[] encode();

    /**
     * A listed house.
     *
     * @param listedAt    its first listing's time
     * @param predictedAt the time of the listing (or update) the predictions were made for
     * @param features    its encoded features, NaN where missing
     * @param predictions every learner's price at {@code predictedAt}, in configuration order
     */
    record Listing(long listedAt, long predictedAt, long deadline, double[] features, double[] predictions)
            implements PendingHouse {
        @Override
        public byte kind() {
            return LISTING;
        }

        @Override
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(1 + 3 * Long.BYTES + 2 * Integer.BYTES
                    + Double.BYTES * (features.length + predictions.length));
            out.put(LISTING).putLong(listedAt).putLong(predictedAt).putLong(deadline);
            doubles(out, features);
            doubles(out, predictions);
            return out.array();
        }
    }

    /**
     * A sale that came before its listing, held until {@code deadline} for it.
     *
     * @param value its record's bytes, for the dead letter should no listing come and the sale have no features
     */
    record Sale(long soldAt, long deadline, double[] features, double label, boolean hasFeatures, byte[] value)
            implements PendingHouse {
        @Override
        public byte kind() {
            return SALE;
        }

        @Override
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(1 + 2 * Long.BYTES + Double.BYTES + 1 + 2 * Integer.BYTES
                    + Double.BYTES * features.length + value.length);
            out.put(SALE).putLong(soldAt).putLong(deadline).putDouble(label).put((byte) (hasFeatures ? 1 : 0));
            doubles(out, features);
            out.putInt(value.length).put(value);
            return out.array();
        }

        /** The sale as a record of the input, to learn from on its own. */
        HouseRecord record(String key) {
            return new HouseRecord(key, features, label, hasFeatures, value, null);
        }
    }

    /**
     * A house sold at {@code soldAt}: another sale of it before {@code deadline} (its listing's, or a
     * label window after a sale that had none) is a duplicate.
     */
    record Sold(long soldAt, long deadline) implements PendingHouse {
        @Override
        public byte kind() {
            return SOLD;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(1 + 2 * Long.BYTES).put(SOLD).putLong(soldAt).putLong(deadline).array();
        }
    }

    static PendingHouse decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte kind = in.get();
        return switch (kind) {
            case LISTING -> new Listing(in.getLong(), in.getLong(), in.getLong(), doubles(in), doubles(in));
            case SALE -> {
                long soldAt = in.getLong();
                long deadline = in.getLong();
                double label = in.getDouble();
                boolean hasFeatures = in.get() != 0;
                double[] features = doubles(in);
                byte[] value = new byte[in.getInt()];
                in.get(value);
                yield new Sale(soldAt, deadline, features, label, hasFeatures, value);
            }
            case SOLD -> new Sold(in.getLong(), in.getLong());
            default -> throw new IllegalArgumentException("unknown pending house kind " + kind);
        };
    }

    private static void doubles(ByteBuffer out, double[] values) {
        out.putInt(values.length);
        for (double v : values) {
            out.putDouble(v);
        }
    }

    private static double[] doubles(ByteBuffer in) {
        double[] values = new double[in.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getDouble();
        }
        return values;
    }
}
