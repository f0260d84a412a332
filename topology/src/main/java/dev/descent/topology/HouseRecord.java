package dev.descent.topology;

/**
 * One parsed input record: its key, its feature vector (NaN for a missing value, all zeros for a
 * missing category) and its label (NaN when unlabeled: predict only, or with {@link Listings} a
 * listing). A sale with {@link Listings} may carry no features ({@code hasFeatures} false): its
 * listing has them. {@code value} is the record's bytes as they came.
 */
public record HouseRecord(String key, double[] features, double label, boolean hasFeatures, byte[] value) {

    public boolean labeled() {
        return !Double.isNaN(label);
    }
}
