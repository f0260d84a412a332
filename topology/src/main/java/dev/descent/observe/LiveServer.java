package dev.descent.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.descent.model.InvalidRecordException;
import dev.descent.model.Learner;
import dev.descent.model.Schema;
import dev.descent.topology.DeadLetterReason;
import dev.descent.topology.DescentApp;
import dev.descent.topology.HouseParser;
import dev.descent.topology.InvalidHouseException;
import dev.descent.topology.LearnerSnapshot;
import dev.descent.topology.LossReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The app's HTTP port: {@code /metrics} for Prometheus, {@code /api/learners} and
 * {@code /api/predict} for programs and the live page, {@code /} the live page itself, and the
 * chart library from its WebJar, so the page needs no internet access.
 */
public final class LiveServer implements AutoCloseable {
    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ScheduledExecutorService sampler;
    private final DescentApp app;
    private final Supplier<byte[]> metrics;
    private final DoubleSupplier medianLabelDelayDays;
    private final LossHistory history;
    private final HouseParser parser;
    private final KeyAnswers keys;
    private final String runId;

    private LiveServer(HttpServer server, DescentApp app, Supplier<byte[]> metrics, DoubleSupplier medianLabelDelayDays,
                       String runId) {
        this.server = server;
        this.app = app;
        this.metrics = metrics;
        this.medianLabelDelayDays = medianLabelDelayDays;
        this.runId = runId;
        this.history = new LossHistory(app);
        this.parser = new HouseParser(app.config().schema());
        this.keys = new KeyAnswers(app);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "descent-live-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds {@code address} (port 0 = any free port) and serves until closed; {@code metrics} renders a
     * scrape, {@code medianLabelDelayDays} says the median label delay of the latest sales (NaN when unknown).
     */
    public static LiveServer start(InetSocketAddress address, DescentApp app, Supplier<byte[]> metrics,
                                   DoubleSupplier medianLabelDelayDays, String runId) throws IOException {
        HttpServer http = HttpServer.create(address, 0);
        LiveServer live = new LiveServer(http, app, metrics, medianLabelDelayDays, runId);
        http.createContext("/", live.readOnly(live::page));
        http.createContext("/metrics", live.readOnly(live::metrics));
        http.createContext("/api/learners", live.readOnly(live::learners));
        http.createContext("/api/predict", live.readOnly(live::predict));
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "descent-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        live.sampler.scheduleAtFixedRate(live.history::sample, 1, 1, TimeUnit.SECONDS);
        return live;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every learner of this instance; with {@code ?key=K}, the learners of model key K, from whichever instance holds them. */
    private void learners(HttpExchange e) throws IOException {
        Map<String, String> query = query(e.getRequestURI().getRawQuery());
        String key = query.remove("key");
        if (!query.isEmpty()) {
            throw new BadQuery("/api/learners takes no parameter but key, got " + query.keySet());
        }
        if (key == null) {
            send(e, 200, "application/json", JSON.writeValueAsBytes(learners()));
        } else if (!app.config().modelKeys().on()) {
            throw new BadQuery("key: this app has no model keys (start it with --model-key FIELD)");
        } else {
            answer(e, keys.answer(key, e.getRequestURI().getRawPath() + "?" + e.getRequestURI().getRawQuery(),
                    forwarded(e), KeyAnswers::learners));
        }
    }

    private static boolean forwarded(HttpExchange e) {
        return e.getRequestHeaders().containsKey(KeyAnswers.FORWARDED);
    }

    private void answer(HttpExchange e, KeyAnswers.Answer answer) throws IOException {
        send(e, answer.status(), "application/json", answer.body());
    }

    ObjectNode learners() {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", runId);
        root.put("status", app.status());
        root.put("recordsIn", app.counters().recordsIn());
        root.put("predictions", app.counters().predictions());
        root.put("deadLetters", app.counters().deadLetters());
        ObjectNode reasons = root.putObject("deadLettersByReason");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            reasons.put(reason.header(), app.counters().deadLetters(reason));
        }
        LossReport.number(root, "recordsPerSecond", history.recordsPerSecond());
        if (app.config().listings().on()) {
            ObjectNode listings = root.putObject("listings");
            listings.put("pending", app.counters().pendingListings());
            listings.put("sold", app.counters().soldListings());
            listings.put("expired", app.counters().expiredListings());
            listings.put("oldestPendingAgeSeconds", app.counters().oldestPendingAgeMillis() / 1000.0);
            LossReport.number(listings, "medianLabelDelayDays", medianLabelDelayDays.getAsDouble());
        }
        String champion = app.live().champion();
        root.put("champion", champion);
        root.put("championChanges", app.live().championChanges());
        ArrayNode marks = root.putArray("championMarks");
        for (LossHistory.ChampionMark mark : history.championMarks()) {
            marks.addObject().put("learner", mark.id()).put("records", mark.records());
        }
        ArrayNode learners = root.putArray("learners");
        for (LearnerSnapshot s : app.live().all()) {
            ObjectNode n = LossReport.node(s);
            learners.add(n);
            n.put("champion", s.id().equals(champion));
            ArrayNode drifts = n.putArray("driftMarks");
            history.drifts(s.id()).forEach(drifts::add);
            n.put("predicted", s.predicted());
            n.put("version", s.version());
            n.put("replicas", s.replicas());
            LossReport.number(n, "syncAgeSeconds", s.syncAgeSeconds());
            n.put("staleness", s.staleness());
            ArrayNode curve = n.putArray("history");
            for (double[] point : history.curve(s.id())) {
                ArrayNode p = curve.addArray();
                p.add((long) point[0]);
                if (Double.isFinite(point[1])) {
                    p.add(point[1]);
                } else {
                    p.addNull();
                }
            }
        }
        return root;
    }

    /** Every page answers GET and HEAD; anything else is 405 with what is allowed, and a bad query is 400. */
    private HttpHandler readOnly(HttpHandler handler) {
        return e -> {
            if (!e.getRequestMethod().equals("GET") && !e.getRequestMethod().equals("HEAD")) {
                e.getResponseHeaders().set("Allow", "GET, HEAD");
                send(e, 405, "application/json", JSON.writeValueAsBytes(JSON.createObjectNode()
                        .put("error", e.getRequestMethod() + " is not allowed here; use GET")));
                return;
            }
            try {
                handler.handle(e);
            } catch (BadQuery bad) {
                error(e, bad.getMessage());
            }
        };
    }

    /** A query that cannot be answered, said in words; 400. */
    private static final class BadQuery extends IOException {
        BadQuery(String message) {
            super(message);
        }
    }

    /**
     * {@code /api/predict?median_income=8.3&ocean_proximity=NEAR%20BAY&...}: the champion's price
     * ({@code prediction}, {@code champion}), then every learner's prediction now.
     * Values follow the rules of the input topic and files: a number as a CSV cell is read, a
     * category one of the schema's (spaces around it ignored), a missing token missing. With model
     * keys, the key's field names the key whose learners answer, from whichever instance holds them.
     */
    private void predict(HttpExchange e) throws IOException {
        Schema schema = app.config().schema();
        ObjectNode house = JSON.createObjectNode();
        Map<String, String> query = query(e.getRequestURI().getRawQuery());
        String keyField = app.config().modelKeys().field();
        String modelKey = keyField == null || schema.isMissing(query.getOrDefault(keyField, "")) ? null
                : query.get(keyField);
        for (Map.Entry<String, String> q : query.entrySet()) {
            Schema.Field field = schema.fields().stream().filter(f -> f.name().equals(q.getKey())).findFirst().orElse(null);
            if (field == null && q.getKey().equals(keyField)) {
                continue;
            }
            if (field == null) {
                throw new BadQuery("unknown field '" + q.getKey() + "'; fields: "
                        + schema.fields().stream().map(Schema.Field::name).toList());
            }
            if (schema.isMissing(q.getValue())) {
                continue;
            }
            if (field.type() == Schema.Type.CATEGORICAL) {
                if (field.oneHot(q.getValue(), new double[field.categories().size()], 0) < 0) {
                    throw new BadQuery("field '" + q.getKey() + "': '" + q.getValue() + "' is none of its categories "
                            + field.categories());
                }
                house.put(q.getKey(), q.getValue());
                continue;
            }
            try {
                house.put(q.getKey(), schema.number(q.getKey(), q.getValue()));
            } catch (InvalidRecordException invalid) {
                throw new BadQuery("field '" + q.getKey() + "': " + invalid.reason());
            }
        }
        if (modelKey != null) {
            double[] features = parse(e, house);
            if (features != null) {
                answer(e, keys.answer(modelKey, e.getRequestURI().getRawPath() + "?" + e.getRequestURI().getRawQuery(),
                        forwarded(e), key -> KeyAnswers.prediction(key, features).set("features", house)));
            }
            return;
        }
        List<Learner> learners = app.predictors();
        if (learners.isEmpty()) {
            send(e, 503, "application/json", JSON.writeValueAsBytes(JSON.createObjectNode().put("error",
                    "this instance holds no learners yet (its tasks are starting, or another instance has them)")));
            return;
        }
        double[] features = parse(e, house);
        if (features == null) {
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        String champion = app.live().champion();
        Learner served = learners.stream().filter(l -> l.config().id().equals(champion)).findFirst()
                .orElse(learners.get(0));
        LossReport.number(out, "prediction", served.predict(features));
        out.put("champion", served.config().id());
        out.set("features", house);
        ObjectNode predictions = out.putObject("predictions");
        for (Learner learner : learners) {
            LossReport.number(predictions, learner.config().id(), learner.predict(features));
        }
        send(e, 200, "application/json", JSON.writeValueAsBytes(out));
    }

    /** The encoded features of the house the query describes, or null after answering 400 with why not. */
    private double[] parse(HttpExchange e, ObjectNode house) throws IOException {
        try {
            return parser.parse("api", JSON.writeValueAsBytes(house)).features();
        } catch (InvalidHouseException invalid) {
            error(e, invalid.getMessage());
            return null;
        }
    }

    private void page(HttpExchange e) throws IOException {
        String path = e.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/index.html")) {
            send(e, 200, "text/html; charset=utf-8", resource("/dev/descent/observe/live.html"));
        } else if (path.equals("/chart.umd.min.js")) {
            send(e, 200, "text/javascript", resource(CHART_JS));
        } else {
            send(e, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void error(HttpExchange e, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        send(e, 400, "application/json", JSON.writeValueAsBytes(body));
    }

    private void metrics(HttpExchange e) throws IOException {
        send(e, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
    }

    private void send(HttpExchange e, int status, String contentType, byte[] body) throws IOException {
        try (e; OutputStream out = e.getResponseBody()) {
            e.getResponseHeaders().set("Content-Type", contentType);
            e.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = e.getRequestMethod().equals("HEAD");
            e.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = LiveServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<String, String> query(String raw) throws BadQuery {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(key, value) != null) {
                throw new BadQuery("parameter '" + key + "' is given twice; give each field once");
            }
        }
        return params;
    }

    private static String decode(String text) throws BadQuery {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadQuery("bad percent-encoding in the query: '" + text + "'");
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        server.stop(0);
    }
}
