package dev.descent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.UserException;
import dev.descent.model.LearnerConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The learners one replay compares, written on the command line as a grid such as
 * {@code lr=0.001,0.01,0.1;batch=1,32;optimizer=sgd,adam}: every combination of the listed
 * values, keys in the order written with the last one varying fastest, so learners that differ
 * only in the last key sit next to each other in the report.
 *
 * <p>Every point of the grid is a learner definition read by {@link LearnerVocabulary}, exactly as
 * a learners file's object is: any key of the learners file works, plus the short names
 * {@code lr}, {@code batch} and {@code clip} and {@code hidden=32x16} for layer sizes. Whatever
 * the grid does not name keeps its default.
 *
 * <p>Each learner is named after its values, one part per key in grid order
 * ({@code lr0.01-b32-adam}), so the name says which corner of the grid it is.
 */
public final class Grid {
    /** Enough to compare, few enough for one chart and one pass each over the replayed records. */
    static final int MAX_LEARNERS = 256;
    private static final String FORM = "expected key=v1,v2,... parts separated by ';', e.g. lr=0.001,0.01;batch=1,32";
    /** Short names of learners-file keys, with the prefix their values get in a learner's id. */
    private static final Map<String, Alias> ALIASES = Map.of(
            "lr", new Alias("learningRate", "lr"),
            "batch", new Alias("batchSize", "b"),
            "clip", new Alias("clipNorm", "clip"),
            "hidden", new Alias("hidden", "h"));
    /** Keys whose values are names: they stand in an id as they are. */
    private static final Set<String> CHOICES = Set.of("model", "loss", "optimizer", "schedule", "activation");
    private static final Set<String> UNGRIDDED = Set.of("id", "initialParameters");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Grid() {
    }

    private record Alias(String key, String idPrefix) {
    }

    /**
     * One value of one key.
     *
     * @param identity what makes two values the same ({@code 0.1} and {@code 0.10}, {@code sgd} and {@code SGD})
     */
    private record Setting(String key, JsonNode value, Object identity, String idPart) {
    }

    public static List<LearnerConfig> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new UserException("empty learner grid; " + FORM);
        }
        Map<String, List<Setting>> axes = new LinkedHashMap<>();  // in grid order
        for (String part : spec.split(";", -1)) {
            String key = key(part, spec);
            if (axes.containsKey(key)) {
                throw new UserException("key '" + key + "' appears twice in grid '" + spec
                        + "'; list all its values in one part, e.g. " + key + "=1,2");
            }
            axes.put(key, settings(key, part));
        }
        return crossProduct(List.copyOf(axes.values()), learnerCount(axes, spec), spec);
    }

    /** The keys a grid takes: the short names, then every key of the learners file. */
    static List<String> keys() {
        return Stream.concat(Stream.of("lr", "batch", "clip", "hidden"),
                LearnerVocabulary.keys().stream().filter(k -> !UNGRIDDED.contains(k) && !k.equals("hidden"))).toList();
    }

    private static String key(String part, String spec) {
        if (part.isBlank()) {
            throw new UserException("grid '" + spec + "' has an empty part; " + FORM);
        }
        int equals = part.indexOf('=');
        if (equals < 0) {
            throw new UserException("grid part '" + part.strip() + "' has no '='; " + FORM);
        }
        String name = part.substring(0, equals).strip();
        if (!keys().contains(name)) {
            throw new UserException("unknown key '" + name + "' in grid part '" + part.strip() + "'; known keys: "
                    + String.join(", ", keys()));
        }
        return name;
    }

    private static List<Setting> settings(String key, String part) {
        String quoted = "'" + part.strip() + "'";
        String values = part.substring(part.indexOf('=') + 1);
        if (values.isBlank()) {
            throw new UserException("grid part " + quoted + " lists no values; expected e.g. " + key + "=1,2");
        }
        List<Setting> settings = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (String raw : values.split(",", -1)) {
            String value = raw.strip();
            if (value.isEmpty()) {
                throw new UserException("grid part " + quoted + " has an empty value; expected e.g. " + key + "=1,2");
            }
            Setting setting = setting(key, value);
            if (!seen.add(setting.identity())) {
                throw new UserException("grid part " + quoted + " lists " + key + " " + value + " twice; each value once");
            }
            settings.add(setting);
        }
        return settings;
    }

    private static Setting setting(String key, String value) {
        Alias alias = ALIASES.get(key);
        String fileKey = alias == null ? key : alias.key();
        JsonNode json;
        if (fileKey.equals("hidden")) {
            ArrayNode layers = NODES.arrayNode();
            for (String layer : value.split("x", -1)) {
                layers.add(typed(layer));
            }
            json = layers;
        } else {
            json = typed(value);
        }
        Object identity = json.isNumber() ? (Object) json.doubleValue()
                : json.isTextual() ? LearnerVocabulary.normalized(json.asText()) : json;
        String idPart = alias != null ? alias.idPrefix() + value
                : CHOICES.contains(key) ? value.toLowerCase(java.util.Locale.ROOT) : key + value;
        return new Setting(fileKey, json, identity, idPart);
    }

    /** A whole number, a decimal number, true or false as such; anything else as text, for the learner's reader to judge. */
    private static JsonNode typed(String value) {
        if (value.matches("[+-]?\\d{1,18}")) {
            return NODES.numberNode(Long.parseLong(value));
        }
        if (value.equals("true") || value.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(value));
        }
        if (value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return NODES.numberNode(new BigDecimal(value).doubleValue());
        }
        return NODES.textNode(value);
    }

    private static int learnerCount(Map<String, List<Setting>> axes, String spec) {
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
    private static List<LearnerConfig> crossProduct(List<List<Setting>> axes, int count, String spec) {
        List<LearnerConfig> learners = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Setting[] chosen = new Setting[axes.size()];
            int rest = n;
            for (int k = axes.size() - 1; k >= 0; k--) {
                List<Setting> values = axes.get(k);
                chosen[k] = values.get(rest % values.size());
                rest /= values.size();
            }
            ObjectNode definition = NODES.objectNode();
            definition.put("id", java.util.Arrays.stream(chosen).map(Setting::idPart).collect(Collectors.joining("-")));
            for (Setting setting : chosen) {
                definition.set(setting.key(), setting.value());
            }
            try {
                learners.add(LearnerVocabulary.read(definition, "grid learner"));
            } catch (UserException e) {
                throw new UserException("grid '" + spec + "': " + e.getMessage());
            }
        }
        return learners;
    }
}
