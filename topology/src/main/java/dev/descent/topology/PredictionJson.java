package dev.descent.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON of one prediction record, {@code {"key":…,"label":…,"predictions":{id:…},"losses":{id:…}}},
 * streamed straight from the numbers: building a tree of nodes first (a hash map entry per
 * learner per record) cost as much as writing the numbers. Non-finite numbers become null.
 */
final class PredictionJson {
    /** Doubles written with the Schubfach algorithm: Double.toString was a tenth of the topology's time. */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString LABEL = new SerializedString("label");
    private static final SerializedString PREDICTIONS = new SerializedString("predictions");
    private static final SerializedString LOSSES = new SerializedString("losses");

    private final SerializedString[] ids;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);

    PredictionJson(List<String> learnerIds) {
        ids = learnerIds.stream().map(SerializedString::new).toArray(SerializedString[]::new);
    }

    /** {@code losses} is null for an unlabeled record, which then has a null label and no losses. */
    byte[] write(String key, double label, double[] predictions, double[] losses) {
        buffer.reset();
        try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeFieldName(KEY);
            json.writeString(key);
            json.writeFieldName(LABEL);
            number(json, losses == null ? Double.NaN : label);
            object(json, PREDICTIONS, predictions);
            if (losses != null) {
                object(json, LOSSES, losses);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("prediction JSON", e);
        }
        return buffer.toByteArray();
    }

    private void object(JsonGenerator json, SerializedString name, double[] values) throws IOException {
        json.writeFieldName(name);
        json.writeStartObject();
        for (int i = 0; i < ids.length; i++) {
            json.writeFieldName(ids[i]);
            number(json, values[i]);
        }
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, double v) throws IOException {
        if (Double.isFinite(v)) {
            json.writeNumber(v);
        } else {
            json.writeNull();
        }
    }
}
