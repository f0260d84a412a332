package dev.descent.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One synthetic census block from {@link HouseGenerator}, with the California-housing columns.
 *
 * @param medianHouseValue the label, {@code round(factor × truePrice + noise)} with the market's factor for this
 *                         house (1 without drift); NaN for an unlabeled record
 */
public record GeneratedHouse(String key, double longitude, double latitude, double housingMedianAge,
                             double totalRooms, double totalBedrooms, double population, double households,
                             double medianIncome, String oceanProximity, double medianHouseValue) {

    public boolean labeled() {
        return !Double.isNaN(medianHouseValue);
    }

    /**
     * The encoded feature vector, in the order of {@code CaliforniaHousing.schema().featureNames()}:
     * the 8 numeric columns, then ocean_proximity one-hot.
     */
    public double[] features() {
        double[] x = new double[8 + CaliforniaHousing.OCEAN_PROXIMITY.size()];
        x[0] = longitude;
        x[1] = latitude;
        x[2] = housingMedianAge;
        x[3] = totalRooms;
        x[4] = totalBedrooms;
        x[5] = population;
        x[6] = households;
        x[7] = medianIncome;
        x[8 + CaliforniaHousing.OCEAN_PROXIMITY.indexOf(oceanProximity)] = 1;
        return x;
    }

    /** The noise-free price in a steady market; see {@link HouseGenerator}. */
    public double truePrice() {
        return HouseGenerator.truePrice(features());
    }

    /** The record for the input topic; an unlabeled house has no median_house_value field. */
    public HouseMessage toMessage() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("longitude", longitude);
        fields.put("latitude", latitude);
        fields.put("housing_median_age", housingMedianAge);
        fields.put("total_rooms", totalRooms);
        fields.put("total_bedrooms", totalBedrooms);
        fields.put("population", population);
        fields.put("households", households);
        fields.put("median_income", medianIncome);
        if (labeled()) {
            fields.put("median_house_value", medianHouseValue);
        }
        fields.put("ocean_proximity", oceanProximity);
        return new HouseMessage(key, HouseJson.encode(fields));
    }

    /** This house's listing at epoch millisecond {@code at}: {@link #toMessage()} without the price. */
    public HouseMessage listing(long at) {
        return new HouseMessage(key, withLabel(Double.NaN).toMessage().value(), at);
    }

    /** This labeled house's sale at epoch millisecond {@code at}: the key and only {@code median_house_value}. */
    public HouseMessage sale(long at) {
        if (!labeled()) {
            throw new IllegalStateException(key + " has no price to sell at");
        }
        return new HouseMessage(key, HouseJson.encode(Map.of("median_house_value", medianHouseValue)), at);
    }

    /** The columns of the California file, in its order; an unlabeled house has an empty median_house_value. */
    public static final List<String> CSV_HEADER = List.of("longitude", "latitude", "housing_median_age", "total_rooms",
            "total_bedrooms", "population", "households", "median_income", "median_house_value", "ocean_proximity");

    /** This house as a row under {@link #CSV_HEADER}. */
    public String[] csvRow() {
        return new String[] {number(longitude), number(latitude), number(housingMedianAge), number(totalRooms),
            number(totalBedrooms), number(population), number(households), number(medianIncome),
            labeled() ? number(medianHouseValue) : "", oceanProximity};
    }

    /** Whole numbers without a decimal point, as the census file writes most of them. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    GeneratedHouse withLabel(double label) {
        return new GeneratedHouse(key, longitude, latitude, housingMedianAge, totalRooms, totalBedrooms, population,
                households, medianIncome, oceanProximity, label);
    }
}
