package dev.descent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.UserException;
import dev.descent.model.Activation;
import dev.descent.model.Component;
import dev.descent.model.Components;
import dev.descent.model.DriftSpec;
import dev.descent.model.LearnerConfig;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.model.OptimizerSpec;
import dev.descent.model.Schedule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The words a learner is defined with, read through Jackson databinding: one flat JSON object per
 * learner, as a learners file holds it and as each point of a grid becomes one.
 *
 * <p>Four keys choose a part's kind: {@code model}, {@code loss}, {@code optimizer} and
 * {@code schedule} (each a component of {@link LearnerConfig} typed as a part). The other keys
 * are either the learner's own ({@code batchSize}, {@code clipNorm}, …: its other components) or
 * a setting of the kind chosen for one of its parts (the kind's record components, e.g.
 * {@code beta1} of {@code adam}, {@code learningRate} of every schedule). A key is bound to the
 * kind that declares it over that kind's defaults from {@link Components}; a key that no chosen
 * kind declares is refused with what it belongs to, or with every key there is. Nothing here
 * names a kind: a new one registered in {@link Components} is read, checked and explained as it is.
 *
 * <p>One key holds an object: {@code drift} ({@link DriftSpec}), whose keys are laid over the
 * defaults ({@code {"action": "reset"}} keeps the default detector); a text names the detector alone
 * ({@code "drift": "none"}).
 */
public final class LearnerVocabulary {
    /** The parts of a learner: the components of {@link LearnerConfig} whose type lists kinds. */
    private static final Map<String, RecordComponent> PARTS = new LinkedHashMap<>();
    private static final Set<String> LEARNER_KEYS = new TreeSet<>();
    static {
        for (RecordComponent c : LearnerConfig.class.getRecordComponents()) {
            if (Components.kindsOf(c.getType()) != null) {
                PARTS.put(c.getName(), c);
            } else {
                LEARNER_KEYS.add(c.getName());
            }
        }
    }
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule()
                    .addDeserializer(Activation.class, new ChoiceDeserializer<>(Activation.class))
                    .addDeserializer(DriftSpec.Action.class, new ChoiceDeserializer<>(DriftSpec.Action.class))
                    .addDeserializer(ModelSpec.class, new PartDeserializer<>(ModelSpec.class))
                    .addDeserializer(Loss.class, new PartDeserializer<>(Loss.class))
                    .addDeserializer(OptimizerSpec.class, new PartDeserializer<>(OptimizerSpec.class))
                    .addDeserializer(Schedule.class, new PartDeserializer<>(Schedule.class)))
            .build();
    /** Where a part's kind travels inside the tree handed to Jackson. */
    private static final String KIND = "kind";
    private static final String DRIFT = "drift";

    private LearnerVocabulary() {
    }

    /** Every key a learner object may hold, sorted. */
    public static List<String> keys() {
        Set<String> keys = new TreeSet<>(LEARNER_KEYS);
        PARTS.forEach((part, component) -> {
            keys.add(part);
            kinds(component).forEach(kind -> keys.addAll(settings(kind)));
        });
        return List.copyOf(keys);
    }

    /**
     * The learner {@code definition} describes; every value not given keeps its default
     * ({@link LearnerConfig.Builder}, or the kind's in {@link Components}); a null value is not given.
     *
     * @param where names the learner in messages until its id is known, e.g. {@code learner #3}
     * @throws UserException naming the learner and the key at fault
     */
    public static LearnerConfig read(ObjectNode definition, String where) {
        JsonNode id = definition.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new UserException(where + ": needs a non-empty text \"id\"");
        }
        where = "learner '" + id.asText() + "'";
        ObjectNode given = definition.deepCopy();
        given.properties().removeIf(e -> e.getValue().isNull());
        LearnerConfig builderDefaults = LearnerConfig.builder(id.asText()).build();
        ObjectNode tree = defaults(builderDefaults);
        Map<String, Component> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, RecordComponent> part : PARTS.entrySet()) {
            Component kind = kind(part.getKey(), part.getValue(), builderDefaults, given.remove(part.getKey()), where);
            chosen.put(part.getKey(), kind);
            ObjectNode settings = defaults((Record) kind);
            settings.put(KIND, kind.kind());
            tree.set(part.getKey(), settings);
        }
        JsonNode drift = given.remove(DRIFT);
        if (drift != null) {
            tree.set(DRIFT, drift(drift, (ObjectNode) tree.get(DRIFT), where));
        }
        for (Map.Entry<String, JsonNode> e : given.properties()) {
            String part = owner(e.getKey(), chosen, where);
            (part == null ? tree : (ObjectNode) tree.get(part)).set(e.getKey(), e.getValue());
        }
        try {
            return JSON.treeToValue(tree, LearnerConfig.class);
        } catch (ValueInstantiationException e) {
            throw new UserException(where + ": " + e.getCause().getMessage());
        } catch (JsonProcessingException e) {
            throw new UserException(where + ": " + explain(e, definition));
        }
    }

    /** {@code given} laid over the default drift setting: a text is the detector, an object the keys it names. */
    private static ObjectNode drift(JsonNode given, ObjectNode defaults, String where) {
        ObjectNode drift = defaults.deepCopy();
        if (given.isTextual()) {
            return drift.put("detector", normalized(given.asText()));
        }
        if (!given.isObject()) {
            throw new UserException(where + ": \"drift\" must be an object such as {\"detector\": \"adwin\", \"action\":"
                    + " \"reset\"} or a detector's name, got " + given);
        }
        List<String> keys = Arrays.stream(DriftSpec.class.getRecordComponents()).map(RecordComponent::getName).toList();
        for (Map.Entry<String, JsonNode> e : given.properties()) {
            if (!keys.contains(e.getKey())) {
                throw new UserException(where + ": unknown drift key '" + e.getKey() + "'; drift keys: "
                        + String.join(", ", keys));
            }
            drift.set(e.getKey(), e.getKey().equals("detector") && e.getValue().isTextual()
                    ? drift.textNode(normalized(e.getValue().asText())) : e.getValue());
        }
        return drift;
    }

    /** The kind that {@code value} names for {@code part}, or the part's kind in {@code defaults} when it names none. */
    private static Component kind(String part, RecordComponent component, LearnerConfig defaults, JsonNode value,
                                  String where) {
        if (value == null) {
            try {
                return (Component) component.getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
        List<? extends Component> kinds = kinds(component);
        Component kind = value.isTextual() ? Components.named(kinds, normalized(value.asText())) : null;
        if (kind == null) {
            throw new UserException(where + ": \"" + part + "\" must be one of "
                    + kinds.stream().map(Component::kind).toList() + ", got " + value);
        }
        return kind;
    }

    /** The part whose chosen kind declares {@code key}, or null for the learner's own keys. */
    private static String owner(String key, Map<String, Component> chosen, String where) {
        if (LEARNER_KEYS.contains(key)) {
            return null;
        }
        for (Map.Entry<String, Component> part : chosen.entrySet()) {
            if (settings(part.getValue()).contains(key)) {
                return part.getKey();
            }
        }
        List<String> declaring = new ArrayList<>();
        PARTS.forEach((part, component) -> kinds(component).stream().filter(k -> settings(k).contains(key))
                .forEach(k -> declaring.add(part + " " + k.kind())));
        if (!declaring.isEmpty()) {
            String part = declaring.get(0).split(" ")[0];
            throw new UserException(where + ": key '" + key + "' is a setting of " + String.join(" or ", declaring)
                    + ", not of " + part + " " + chosen.get(part).kind());
        }
        throw new UserException(where + ": unknown key '" + key + "'; known keys: " + String.join(", ", keys()));
    }

    private static List<? extends Component> kinds(RecordComponent part) {
        return Components.kindsOf(part.getType());
    }

    /** The keys of a kind: its record components. */
    private static List<String> settings(Component kind) {
        return Arrays.stream(kind.getClass().getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** A record's components as JSON, and nothing else a bean view would add (such as {@code isClassifier}). */
    private static ObjectNode defaults(Record record) {
        ObjectNode node = JSON.valueToTree(record);
        node.retain(Arrays.stream(record.getClass().getRecordComponents()).map(RecordComponent::getName).toList());
        return node;
    }

    /** Choices are read in any case, with {@code -} or {@code _}: {@code HARD_SIGMOID} is {@code hard-sigmoid}. */
    static String normalized(String choice) {
        return choice.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Jackson's complaint about one value, said in the words of the learners file. */
    private static String explain(JsonProcessingException e, JsonNode definition) {
        String key = null;
        boolean element = false;
        JsonNode got = definition;      // followed down the path: a nested object's value (drift's) is found too
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    key = r.getFieldName();
                    got = got == null ? null : got.get(key);
                }
                element = r.getIndex() >= 0;
            }
        }
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        String expected = type == null ? "a valid value"
                : type == double.class || type == Double.class ? (element ? "an array of numbers" : "a number")
                : type == int.class || type == long.class ? (element ? "an array of whole numbers" : "a whole number")
                : type == boolean.class ? "true or false"
                : type == String.class ? "text"
                : type == int[].class ? "an array of whole numbers"
                : type == double[].class ? "an array of numbers"
                : type.isEnum() ? "one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> normalized(((Enum<?>) c).name())).toList()
                : "a valid value";
        if (key == null) {
            got = null;
        } else if (got == null) {
            got = definition.get(key);      // a part's setting: flat in the file, nested in the tree bound
        }
        return "\"" + key + "\" must be " + expected + ", got " + got;
    }

    /** Binds a part's tree, whose {@value #KIND} names the registered kind to bind it to. */
    private static final class PartDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;

        PartDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            ObjectNode node = parser.readValueAsTree();
            Component kind = Components.named(Components.kindsOf(type), node.remove(KIND).asText());
            return type.cast(context.readTreeAsValue(node, kind.getClass()));
        }
    }

    /** An enum written in any case, with {@code -} or {@code _}. */
    private static final class ChoiceDeserializer<E extends Enum<E>> extends JsonDeserializer<E> {
        private final Class<E> type;

        ChoiceDeserializer(Class<E> type) {
            this.type = type;
        }

        @Override
        public E deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken().isScalarValue() && parser.getText() != null) {
                String name = normalized(parser.getText());
                for (E e : type.getEnumConstants()) {
                    if (normalized(e.name()).equals(name)) {
                        return e;
                    }
                }
            }
            throw MismatchedInputException.from(parser, type, "not one of " + Arrays.stream(type.getEnumConstants())
                    .map(e -> normalized(e.name())).collect(Collectors.joining(", ")));
        }
    }
}
