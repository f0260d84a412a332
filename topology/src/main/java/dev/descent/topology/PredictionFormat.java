package dev.descent.topology;

/** How the {@code predictions} topic carries each input record's predictions. */
public enum PredictionFormat {
    /**
     * {@code {"key":…,"label":…,"predictions":{id:…},"losses":{id:…}}}: for people and their tools
     * (kcat, jq, a downstream service), the format of {@code run} and {@code demo}.
     */
    JSON,
    /**
     * The label, then every learner's prediction in the order of the learners, as big-endian IEEE
     * doubles ({@link PredictionDoubles}): for a replay, whose report is its product and which reads
     * its predictions back itself. Exact, about a tenth of the JSON's bytes, and nothing to format
     * or parse. With {@link ModelKeys} each record also carries its model key, the global learners'
     * predictions beside the key's and which price was served ({@link PredictionDoubles#writeKeyed}),
     * so that the replay can compare the keys' learners with the global ones.
     */
    DOUBLES
}
