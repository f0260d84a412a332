package dev.descent.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.topology.DescentApp;
import dev.descent.topology.LearnerSlot;
import dev.descent.topology.LossReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code /api/predict} and {@code /api/learners} for one model key (docs/keyed.md): the key's
 * learners live on one partition, held by one instance; Kafka Streams' metadata says which, and
 * a question asked elsewhere is forwarded there once and its answer passed back, so any instance
 * answers for every key.
 */
final class KeyAnswers {
    /** Marks a forwarded question: its answer must come from the instance asked, never forwarded on. */
    static final String FORWARDED = "X-Descent-Forwarded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** An HTTP status and its JSON body. */
    record Answer(int status, byte[] body) {
    }

    private final DescentApp app;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    KeyAnswers(DescentApp app) {
        this.app = app;
    }

    /**
     * The answer about {@code modelKey}: {@code local} made of its learners if this instance holds
     * them, else the owner's answer to {@code pathAndQuery}.
     */
    Answer answer(String modelKey, String pathAndQuery, boolean forwarded,
                  Function<DescentApp.KeyLearners, ObjectNode> local) throws IOException {
        Optional<DescentApp.KeyOwner> owner = app.owner(modelKey);
        if (owner.isPresent() && !owner.get().local()) {
            return forwarded ? error(503, "model key '" + modelKey + "' moved to " + owner.get().address()
                    + " while the question came here; ask again") : forward(owner.get().address(), pathAndQuery);
        }
        int partition = owner.map(DescentApp.KeyOwner::partition).orElseGet(() -> partitionOf(modelKey));
        Optional<DescentApp.KeyLearners> learners = app.keyLearners(modelKey, partition);
        if (learners.isEmpty()) {
            return error(503, "partition " + partition + " of model key '" + modelKey + "' is not ready on this instance"
                    + " (restoring, or held by an instance started with --http-port 0, which cannot be asked)");
        }
        ObjectNode out = JSON.createObjectNode().put("model", modelKey).put("partition", partition)
                .put("answeredBy", owner.map(DescentApp.KeyOwner::address).orElse(null));
        out.setAll(local.apply(learners.get()));
        return new Answer(200, JSON.writeValueAsBytes(out));
    }

    /** The key's partition as the repartition topic's producer chose it, when no metadata says it. */
    private int partitionOf(String modelKey) {
        return Utils.toPositive(Utils.murmur2(modelKey.getBytes(StandardCharsets.UTF_8)))
                % app.config().modelKeys().partitionsFor(1);
    }

    private Answer forward(String address, String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + pathAndQuery))
                .header(FORWARDED, "1").timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return error(502, "the instance that holds this key, " + address + ", did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + address, e);
        }
    }

    private static Answer error(int status, String message) throws IOException {
        return new Answer(status, JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message)));
    }

    /**
     * The price of {@code features} as the key's record would be served it: by the key's champion,
     * or the global champion for a young or unseen key; then every learner's prediction (the key's,
     * or the global ones' for an unseen key) and, for a young key, the global learners' too.
     */
    static ObjectNode prediction(DescentApp.KeyLearners key, double[] features) {
        ObjectNode out = JSON.createObjectNode();
        List<LearnerSlot> serving = key.servedByGlobal() ? key.global() : key.own();
        LearnerSlot champion = serving.get(key.servedByGlobal() ? key.globalChampion() : key.champion());
        out.put("servedBy", key.servedByGlobal() ? "global" : "key");
        out.put("keyRecords", key.labeled());
        LossReport.number(out, "prediction", champion.learner().predict(features));
        out.put("champion", champion.learner().config().id());
        predictions(out.putObject("predictions"), key.own().isEmpty() ? key.global() : key.own(), features);
        if (key.servedByGlobal() && !key.own().isEmpty()) {
            predictions(out.putObject("global"), key.global(), features);
        }
        return out;
    }

    /** The key's learners, scored on the key's records alone. */
    static ObjectNode learners(DescentApp.KeyLearners key) {
        ObjectNode out = JSON.createObjectNode();
        out.put("servedBy", key.servedByGlobal() ? "global" : "key");
        out.put("keyRecords", key.labeled());
        out.put("champion", key.own().isEmpty() ? null : key.own().get(key.champion()).learner().config().id());
        ArrayNode learners = out.putArray("learners");
        for (LearnerSlot slot : key.own()) {
            ObjectNode n = learners.addObject();
            n.put("id", slot.learner().config().id());
            n.put("records", slot.learner().records());
            n.put("scored", slot.scored());
            LossReport.number(n, "rmse", slot.rmse());
            LossReport.number(n, "recentRmse", slot.recentRmse());
            LossReport.number(n, "mae", slot.mae());
            n.put("status", slot.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static void predictions(ObjectNode out, List<LearnerSlot> slots, double[] features) {
        for (LearnerSlot slot : slots) {
            LossReport.number(out, slot.learner().config().id(), slot.learner().predict(features));
        }
    }
}
