package dev.descent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.UserException;
import dev.descent.model.Activation;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads learner definitions from JSON: an array of objects, one per learner. Only {@code id} is
 * required; every other key defaults as {@link LearnerConfig.Builder} says. Unknown keys are
 * errors (a typo must not silently fall back to a default). Keys are documented in the README.
 */
public final class LearnersFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("id", "model", "hidden", "activation", "loss", "huberDelta",
            "optimizer", "learningRate", "schedule", "power", "stepEvery", "stepFactor", "momentum", "beta1", "beta2",
            "epsilon", "rho", "forgetting", "initialVariance", "batchSize", "scaleFeatures", "scaleTarget", "clipNorm",
            "normalized", "threshold", "tolerance", "seed", "initialParameters");

    private LearnersFile() {
    }

    public static List<LearnerConfig> read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserException("learners file not found: " + path);
        }
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UserException("cannot read learners file " + path + ": " + e.getMessage(), e);
        } catch (UserException e) {
            throw new UserException(path + ": " + e.getMessage());
        }
    }

    public static List<LearnerConfig> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UserException("learners file is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new UserException("learners file must be a non-empty JSON array of learner objects");
        }
        List<LearnerConfig> learners = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = "learner #" + (i + 1);
            if (!node.isObject()) {
                throw new UserException(where + " is not a JSON object");
            }
            LearnerConfig config = learner(node, where);
            if (!ids.add(config.id())) {
                throw new UserException("learner id '" + config.id() + "' appears twice");
            }
            learners.add(config);
        }
        return learners;
    }

    private static LearnerConfig learner(JsonNode node, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new UserException(where + ": unknown key '" + name + "'; known keys: " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new UserException(where + ": needs a non-empty text \"id\"");
        }
        where = "learner '" + id.asText() + "'";
        LearnerConfig.Builder b = LearnerConfig.builder(id.asText());
        Field f = new Field(node, where);
        f.ifPresent("model", v -> b.model(f.choice(v, "model", LearnerConfig.ModelKind.class)));
        f.ifPresent("hidden", v -> b.hidden(f.ints(v, "hidden")));
        f.ifPresent("activation", v -> b.activation(f.choice(v, "activation", Activation.class)));
        f.ifPresent("loss", v -> b.loss(f.choice(v, "loss", LearnerConfig.LossKind.class)));
        f.ifPresent("huberDelta", v -> b.huberDelta(f.number(v, "huberDelta")));
        f.ifPresent("optimizer", v -> b.optimizer(f.choice(v, "optimizer", LearnerConfig.OptimizerKind.class)));
        f.ifPresent("momentum", v -> b.momentum(f.number(v, "momentum")));
        f.ifPresent("beta1", v -> b.beta1(f.number(v, "beta1")));
        f.ifPresent("beta2", v -> b.beta2(f.number(v, "beta2")));
        f.ifPresent("epsilon", v -> b.epsilon(f.number(v, "epsilon")));
        f.ifPresent("rho", v -> b.rho(f.number(v, "rho")));
        f.ifPresent("forgetting", v -> b.forgetting(f.number(v, "forgetting")));
        f.ifPresent("initialVariance", v -> b.initialVariance(f.number(v, "initialVariance")));
        f.ifPresent("batchSize", v -> b.batchSize((int) f.integer(v, "batchSize")));
        f.ifPresent("scaleFeatures", v -> b.scaleFeatures(f.bool(v, "scaleFeatures")));
        f.ifPresent("scaleTarget", v -> b.scaleTarget(f.bool(v, "scaleTarget")));
        f.ifPresent("clipNorm", v -> b.clipNorm(f.number(v, "clipNorm")));
        f.ifPresent("normalized", v -> b.normalized(f.bool(v, "normalized")));
        f.ifPresent("threshold", v -> b.threshold(f.number(v, "threshold")));
        f.ifPresent("tolerance", v -> b.tolerance(f.number(v, "tolerance")));
        f.ifPresent("seed", v -> b.seed(f.integer(v, "seed")));
        f.ifPresent("initialParameters", v -> b.initialParameters(f.numbers(v, "initialParameters")));
        b.schedule(schedule(node, f));
        return b.build();
    }

    private static Schedule schedule(JsonNode node, Field f) {
        double rate = node.has("learningRate") ? f.number(node.get("learningRate"), "learningRate") : 0.01;
        String kind = node.has("schedule") ? f.text(node.get("schedule"), "schedule") : "constant";
        try {
            return switch (kind) {
                case "constant" -> Schedule.constant(rate);
                case "invscaling" -> Schedule.inverseScaling(rate,
                        node.has("power") ? f.number(node.get("power"), "power") : 0.25);
                case "step" -> Schedule.step(rate,
                        node.has("stepEvery") ? f.integer(node.get("stepEvery"), "stepEvery") : 1000,
                        node.has("stepFactor") ? f.number(node.get("stepFactor"), "stepFactor") : 0.5);
                default -> throw new UserException(f.where + ": schedule must be one of constant, invscaling, step; got '"
                        + kind + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new UserException(f.where + ": " + e.getMessage());
        }
    }

    /** Typed access to one learner object's values, with messages that name the learner and key. */
    private record Field(JsonNode node, String where) {
        interface Setter {
            void set(JsonNode value);
        }

        void ifPresent(String key, Setter setter) {
            JsonNode v = node.get(key);
            if (v != null && !v.isNull()) {
                setter.set(v);
            }
        }

        double number(JsonNode v, String key) {
            if (!v.isNumber()) {
                throw new UserException(where + ": \"" + key + "\" must be a number, got " + v);
            }
            return v.asDouble();
        }

        long integer(JsonNode v, String key) {
            if (!v.isIntegralNumber()) {
                throw new UserException(where + ": \"" + key + "\" must be a whole number, got " + v);
            }
            return v.asLong();
        }

        boolean bool(JsonNode v, String key) {
            if (!v.isBoolean()) {
                throw new UserException(where + ": \"" + key + "\" must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        String text(JsonNode v, String key) {
            if (!v.isTextual()) {
                throw new UserException(where + ": \"" + key + "\" must be text, got " + v);
            }
            return v.asText();
        }

        int[] ints(JsonNode v, String key) {
            if (!v.isArray()) {
                throw new UserException(where + ": \"" + key + "\" must be an array of whole numbers, got " + v);
            }
            int[] values = new int[v.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (int) integer(v.get(i), key);
            }
            return values;
        }

        double[] numbers(JsonNode v, String key) {
            if (!v.isArray()) {
                throw new UserException(where + ": \"" + key + "\" must be an array of numbers, got " + v);
            }
            double[] values = new double[v.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = number(v.get(i), key);
            }
            return values;
        }

        <E extends Enum<E>> E choice(JsonNode v, String key, Class<E> type) {
            String name = text(v, key).toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                return Enum.valueOf(type, name);
            } catch (IllegalArgumentException e) {
                List<String> known = java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
                throw new UserException(where + ": \"" + key + "\" must be one of " + known + ", got " + v);
            }
        }
    }
}
