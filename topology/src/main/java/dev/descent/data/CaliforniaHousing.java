package dev.descent.data;

import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The California-housing columns (1990 census blocks), the default schema of every command and
 * of the generated houses: 8 numeric features, ocean_proximity one-hot over its 5 values (13
 * features in all), label median_house_value. A fact about one data set, so it lives with the
 * data, not in the model library.
 */
public final class CaliforniaHousing {
    public static final List<String> OCEAN_PROXIMITY = List.of("<1H OCEAN", "INLAND", "ISLAND", "NEAR BAY", "NEAR OCEAN");

    private CaliforniaHousing() {
    }

    public static Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (String name : List.of("longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
                "population", "households", "median_income")) {
            fields.add(Field.numeric(name));
        }
        fields.add(Field.label("median_house_value"));
        fields.add(Field.categorical("ocean_proximity", OCEAN_PROXIMITY));
        return new Schema(fields);
    }
}
