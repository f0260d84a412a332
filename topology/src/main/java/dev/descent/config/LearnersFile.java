package dev.descent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.UserException;
import dev.descent.model.LearnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads learner definitions from JSON: an array of objects, one per learner, in the words of
 * {@link LearnerVocabulary}. Only {@code id} is required. Unknown keys are errors (a typo must not
 * silently fall back to a default). Keys are documented in the README.
 */
public final class LearnersFile {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            throw new UserException("learners file is not valid JSON: " + JsonErrors.describe(e));
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new UserException("learners file must be a non-empty JSON array of learner objects");
        }
        List<LearnerConfig> learners = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String where = "learner #" + (i + 1);
            if (!(root.get(i) instanceof ObjectNode node)) {
                throw new UserException(where + " is not a JSON object");
            }
            LearnerConfig config = LearnerVocabulary.read(node, where);
            if (!ids.add(config.id())) {
                throw new UserException("learner id '" + config.id() + "' appears twice");
            }
            learners.add(config);
        }
        return learners;
    }
}
