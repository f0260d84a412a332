package dev.descent.config;

import dev.descent.UserException;
import dev.descent.model.Activation;
import dev.descent.model.LearnerConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The learners one replay compares, written on the command line as a grid such as
 * {@code lr=0.001,0.01,0.1;batch=1,32;optimizer=sgd,adam}: every combination of the listed
 * values, keys in the order written with the last one varying fastest, so learners that differ
 * only in the last key sit next to each other in the report. Whatever the grid does not name
 * keeps the {@link LearnerConfig.Builder} default.
 *
 * <p>Each learner is named after its values, one part per key in grid order
 * ({@code lr0.01-b32-adam}), so the name says which corner of the grid it is. Choice values
 * are read as the learners file reads them (any case, {@code -} or {@code _}).
 */
public final class Grid {
    /** Enough to compare, few enough for one chart and one pass each over the replayed records. */
    static final int MAX_LEARNERS = 256;
    private static final String FORM = "expected key=v1,v2,... parts separated by ';', e.g. lr=0.001,0.01;batch=1,32";

    private Grid() {
    }

    public static List<LearnerConfig> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new UserException("empty learner grid; " + FORM);
        }
        Map<Key, List<Setting>> axes = new LinkedHashMap<>();  // in grid order
        for (String part : spec.split(";", -1)) {
            Key key = key(part, spec);
            if (axes.containsKey(key)) {
                throw new UserException("key '" + key.spelling() + "' appears twice in grid '" + spec
                        + "'; list all its values in one part, e.g. " + key.spelling() + "=" + key.example);
            }
            axes.put(key, settings(key, part));
        }
        return crossProduct(List.copyOf(axes.values()), learnerCount(axes, spec));
    }

    private static Key key(String part, String spec) {
        if (part.isBlank()) {
            throw new UserException("grid '" + spec + "' has an empty part; " + FORM);
        }
        int equals = part.indexOf('=');
        if (equals < 0) {
            throw new UserException("grid part '" + part.strip() + "' has no '='; " + FORM);
        }
        String name = part.substring(0, equals).strip();
        for (Key key : Key.values()) {
            if (key.spelling().equals(name)) {
                return key;
            }
        }
        throw new UserException("unknown key '" + name + "' in grid part '" + part.strip() + "'; known keys: "
                + Arrays.stream(Key.values()).map(Key::spelling).collect(Collectors.joining(", ")));
    }

    private static List<Setting> settings(Key key, String part) {
        String quoted = "'" + part.strip() + "'";
        String values = part.substring(part.indexOf('=') + 1);
        if (values.isBlank()) {
            throw new UserException("grid part " + quoted + " lists no values; expected e.g. "
                    + key.spelling() + "=" + key.example);
        }
        List<Setting> settings = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (String raw : values.split(",", -1)) {
            String value = raw.strip();
            if (value.isEmpty()) {
                throw new UserException("grid part " + quoted + " has an empty value; expected e.g. "
                        + key.spelling() + "=" + key.example);
            }
            Setting setting = key.setting(value, quoted);
            if (!seen.add(setting.value())) {
                throw new UserException("grid part " + quoted + " lists " + key.spelling() + " " + value
                        + " twice; each value once");
            }
            settings.add(setting);
        }
        return settings;
    }

    private static int learnerCount(Map<Key, List<Setting>> axes, String spec) {
        long count = 1;
        for (List<Setting> values : axes.values()) {
            count = Math.min(count * values.size(), MAX_LEARNERS + 1);  // stays far below overflow
        }
        if (count > MAX_LEARNERS) {
            throw new UserException("grid '" + spec + "' makes " + axes.values().stream()
                    .map(values -> String.valueOf(values.size())).collect(Collectors.joining(" x "))
                    + " learners, more than " + MAX_LEARNERS + "; list fewer values");
        }
        return (int) count;
    }

    /** Mixed-radix counting over the value lists: the last key is the lowest digit. */
    private static List<LearnerConfig> crossProduct(List<List<Setting>> axes, int count) {
        List<LearnerConfig> learners = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Setting[] chosen = new Setting[axes.size()];
            int rest = n;
            for (int k = axes.size() - 1; k >= 0; k--) {
                List<Setting> values = axes.get(k);
                chosen[k] = values.get(rest % values.size());
                rest /= values.size();
            }
            String id = Arrays.stream(chosen).map(Setting::idPart).collect(Collectors.joining("-"));
            LearnerConfig.Builder builder = LearnerConfig.builder(id);
            for (Setting setting : chosen) {
                setting.apply().accept(builder);
            }
            learners.add(builder.build());
        }
        return learners;
    }

    /**
     * One value of one key.
     *
     * @param value  what makes two values the same ({@code 0.1} and {@code 0.10}, {@code sgd} and {@code SGD})
     * @param idPart this value's part of the learner id
     */
    private record Setting(Object value, String idPart, Consumer<LearnerConfig.Builder> apply) {
    }

    /** The grid keys, in the order the error message lists them. */
    private enum Key {
        LR("0.001,0.01") {
            @Override Setting setting(String v, String part) {
                double rate = positiveNumber(v, part, "learning rate");
                return new Setting(rate, "lr" + v, b -> b.learningRate(rate));
            }
        },
        BATCH("1,32") {
            @Override Setting setting(String v, String part) {
                int size = positiveInteger(v, part, "batch size");
                return new Setting(size, "b" + size, b -> b.batchSize(size));
            }
        },
        OPTIMIZER("sgd,adam") {
            @Override Setting setting(String v, String part) {
                LearnerConfig.OptimizerKind kind = choice(v, part, this, LearnerConfig.OptimizerKind.class);
                return new Setting(kind, v.toLowerCase(Locale.ROOT), b -> b.optimizer(kind));
            }
        },
        MODEL("linear,mlp") {
            @Override Setting setting(String v, String part) {
                LearnerConfig.ModelKind kind = choice(v, part, this, LearnerConfig.ModelKind.class);
                return new Setting(kind, v.toLowerCase(Locale.ROOT), b -> b.model(kind));
            }
        },
        HIDDEN("32,32x16") {
            @Override Setting setting(String v, String part) {
                String[] layers = v.split("x", -1);
                int[] sizes = new int[layers.length];
                for (int i = 0; i < layers.length; i++) {
                    sizes[i] = positiveInteger(layers[i], part, "hidden layer size (layers joined by x, e.g. 32x16)");
                }
                return new Setting(Arrays.stream(sizes).boxed().toList(), "h" + v, b -> b.hidden(sizes));
            }
        },
        ACTIVATION("sigmoid,relu") {
            @Override Setting setting(String v, String part) {
                Activation activation = choice(v, part, this, Activation.class);
                return new Setting(activation, v.toLowerCase(Locale.ROOT), b -> b.activation(activation));
            }
        },
        LOSS("squared,huber") {
            @Override Setting setting(String v, String part) {
                LearnerConfig.LossKind kind = choice(v, part, this, LearnerConfig.LossKind.class);
                return new Setting(kind, v.toLowerCase(Locale.ROOT), b -> b.loss(kind));
            }
        },
        CLIP("1,10") {
            @Override Setting setting(String v, String part) {
                double norm = positiveNumber(v, part, "gradient clip norm");
                return new Setting(norm, "clip" + v, b -> b.clipNorm(norm));
            }
        };

        final String example;

        Key(String example) {
            this.example = example;
        }

        abstract Setting setting(String value, String part);

        String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Decimal notation only: {@code Double.parseDouble} would also take {@code NaN}, {@code 0x1p3} and {@code 1d}. */
        static double positiveNumber(String v, String part, String what) {
            double number;
            try {
                number = new BigDecimal(v).doubleValue();
            } catch (NumberFormatException e) {
                number = Double.NaN;
            }
            if (!(number > 0) || !Double.isFinite(number)) {
                throw new UserException("grid part " + part + ": " + what + " '" + v
                        + "' is not a positive number; expected e.g. 0.01 or 1e-3");
            }
            return number;
        }

        static int positiveInteger(String v, String part, String what) {
            int number;
            try {
                number = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                number = 0;
            }
            if (number < 1) {
                throw new UserException("grid part " + part + ": " + what + " '" + v
                        + "' is not a whole number of at least 1");
            }
            return number;
        }

        static <E extends Enum<E>> E choice(String v, String part, Key key, Class<E> type) {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new UserException("grid part " + part + ": unknown " + key.spelling() + " '" + v
                        + "'; expected one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .collect(Collectors.joining(", ")));
            }
        }
    }
}
