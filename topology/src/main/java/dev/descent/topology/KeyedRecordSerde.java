package dev.descent.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A parsed {@link HouseRecord} on the repartition topic ({@link Topics#keyed()}), so that the
 * learn task does not parse the JSON again: a version byte, the house key and the model key
 * (each as UTF-8 after its length, -1 for none), the features, the label, whether it had features, and the record's
 * bytes as they came (for a dead letter).
 */
final class KeyedRecordSerde {
    private static final byte VERSION = 1;

    private KeyedRecordSerde() {
    }

    static Serializer<HouseRecord> serializer() {
        return (topic, house) -> encode(house);
    }

    static Deserializer<HouseRecord> deserializer() {
        return (topic, data) -> decode(data);
    }

    static byte[] encode(HouseRecord house) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + house.value().length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            text(out, house.key());
            text(out, house.modelKey());
            out.writeShort(house.features().length);
            for (double feature : house.features()) {
                out.writeDouble(feature);
            }
            out.writeDouble(house.label());
            out.writeBoolean(house.hasFeatures());
            out.writeInt(house.value().length);
            out.write(house.value());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HouseRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("keyed record of version " + version + "; this Descent reads " + VERSION);
            }
            String key = text(in);
            String modelKey = text(in);
            double[] features = new double[in.readUnsignedShort()];
            for (int i = 0; i < features.length; i++) {
                features[i] = in.readDouble();
            }
            double label = in.readDouble();
            boolean hasFeatures = in.readBoolean();
            byte[] value = in.readNBytes(in.readInt());
            return new HouseRecord(key, features, label, hasFeatures, value, modelKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** -1 for null, else the UTF-8 bytes' count and the bytes: a record key may be longer than writeUTF takes. */
    private static void text(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
