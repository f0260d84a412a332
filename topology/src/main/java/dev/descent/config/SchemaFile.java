package dev.descent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.UserException;
import dev.descent.model.Schema;
import dev.descent.model.Schema.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a schema from JSON:
 * <pre>
 * {"label": "price", "numeric": ["area", "rooms"], "categorical": {"city": ["Oslo", "Bergen"]},
 *  "missing": ["NA", ""]}
 * </pre>
 * {@code missing} lists the values that mean "missing" (default: only the empty value). Without a
 * file, the California-housing schema is used.
 */
public final class SchemaFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("label", "numeric", "categorical", "missing");

    private SchemaFile() {
    }

    public static Schema read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserException("schema file not found: " + path);
        }
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UserException("cannot read schema file " + path + ": " + e.getMessage(), e);
        } catch (UserException e) {
            throw new UserException(path + ": " + e.getMessage());
        }
    }

    public static Schema parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UserException("schema is not valid JSON: " + JsonErrors.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw new UserException("schema must be a JSON object with label, numeric and categorical");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new UserException("schema: unknown key '" + name + "'; expected label, numeric, categorical, missing");
            }
        }
        JsonNode label = root.get("label");
        if (label == null || !label.isTextual()) {
            throw new UserException("schema: \"label\" must name the label field");
        }
        List<Field> fields = new ArrayList<>();
        for (String name : texts(root.get("numeric"), "numeric")) {
            fields.add(Field.numeric(name));
        }
        JsonNode categorical = root.get("categorical");
        if (categorical != null) {
            if (!categorical.isObject()) {
                throw new UserException("schema: \"categorical\" must map each field to its list of categories");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = categorical.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(Field.categorical(e.getKey(), texts(e.getValue(), "categorical." + e.getKey())));
            }
        }
        fields.add(Field.label(label.asText()));
        try {
            return root.has("missing") ? new Schema(fields, texts(root.get("missing"), "missing")) : new Schema(fields);
        } catch (IllegalArgumentException e) {
            throw new UserException("schema: " + e.getMessage());
        }
    }

    private static List<String> texts(JsonNode node, String key) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new UserException("schema: \"" + key + "\" must be an array of names");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                throw new UserException("schema: \"" + key + "\" must contain only text, got " + v);
            }
            values.add(v.asText());
        }
        return values;
    }
}
