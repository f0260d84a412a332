package dev.descent.topology;

/**
 * One parsed input record: its key, its feature vector (NaN for a missing value, all zeros for a
 * missing category) and its label (NaN when unlabeled: predict only, or with {@link Listings} a
 * listing). A sale with {@link Listings} may carry no features ({@code hasFeatures} false): its
 * listing has them. {@code value} is the record's bytes as they came. With {@link ModelKeys},
 * {@code modelKey} is the value of the key's field, as text; null without one.
 */
public record HouseRecord(String key, double[] features, double label, boolean hasFeatures, byte[] value,
                          String modelKey) {

    public boolean labeled() {
        return !Double.isNaN(label);
    }
}
