package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshots written by the version-2 codec, before learners watched for drift (resources
 * {@code v2/NAME.dsnt}: a learner after 13 records of {@code y = 3 + 2x₀ − x₁ + 0.5x₂ + N(0, 0.1²)}
 * from {@code new Random(NAME.hashCode())}), decode with drift off and go on bit-exactly as the
 * code that wrote them did: {@code NAME.expected} holds that code's predictions for the next 20
 * records, as raw double bits in hex.
 */
class LearnerSnapshotsV2Test {

    @ParameterizedTest
    @ValueSource(strings = {"sgd-batch-4", "adam", "rls", "mlp"})
    void decodesWithDriftOffAndContinuesAsItsWriterDid(String name) throws IOException {
        byte[] bytes = resource(name + ".dsnt");
        assertEquals(2, ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff), "a version-2 snapshot");
        Learner learner = LearnerCodec.decode(bytes);
        assertEquals(name, learner.config().id());
        assertEquals(DriftSpec.OFF, learner.config().drift(), "written before drift existed: nothing is watched");

        List<String> expected = new String(resource(name + ".expected"), StandardCharsets.US_ASCII).lines().toList();
        Random random = new Random(name.hashCode());
        for (int i = 0; i < 13 * 4; i++) {
            random.nextGaussian();                  // the 13 records the writer learned before its snapshot
        }
        for (int i = 0; i < 20; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double p = learner.learn(x, 3 + 2 * x[0] - x[1] + 0.5 * x[2] + 0.1 * random.nextGaussian());
            assertEquals(expected.get(i), Long.toHexString(Double.doubleToRawLongBits(p)), name + ", record " + i);
        }
        Learner again = LearnerCodec.decode(LearnerCodec.encode(learner));
        assertEquals(3, LearnerCodec.VERSION, "written back as the current version");
        assertEquals(learner.records(), again.records());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LearnerSnapshotsV2Test.class.getResourceAsStream("v2/" + name)) {
            assertNotNull(in, "resource v2/" + name);
            return in.readAllBytes();
        }
    }
}
