package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots written by the version-1 codec (resources {@code v1/NAME.dsnt}, from the learners of
 * {@link LearnerCodecTest} after 13 records of its stream) still decode to the same
 * configuration, and go on bit-exactly as the code that wrote them did: {@code NAME.expected}
 * holds that code's predictions for the next 40 records, its counts and final parameters.
 */
class LearnerSnapshotsV1Test {

    /** Every case of {@link LearnerCodecTest} but the optimizers added since version 2. */
    static List<Arguments> snapshots() {
        List<Arguments> snapshots = LearnerCodecTest.learners()
                .map(a -> Arguments.of(file((String) a.get()[0]), a.get()[1]))
                .filter(a -> LearnerSnapshotsV1Test.class.getResource("v1/" + a.get()[0] + ".dsnt") != null).toList();
        assertEquals(13, snapshots.size(), "the version-1 snapshots");
        return snapshots;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void shouldDecodeAVersionOneSnapshotAndContinueAsItsWriterDid(String name, LearnerConfig expected) {
        Learner learner = LearnerCodec.decode(snapshot(name));
        assertEquals(expected.id(), learner.config().id());
        assertEquals(expected.model(), learner.config().model());
        assertEquals(expected.loss(), learner.config().loss());
        assertEquals(expected.optimizer(), learner.config().optimizer());
        assertEquals(expected.schedule(), learner.config().schedule());
        assertEquals(expected.batchSize(), learner.config().batchSize());
        assertEquals(expected.clipNorm(), learner.config().clipNorm());
        assertEquals(expected.normalized(), learner.config().normalized());
        assertEquals(expected.scaleFeatures(), learner.config().scaleFeatures());
        assertEquals(expected.scaleTarget(), learner.config().scaleTarget());
        assertEquals(Double.doubleToRawLongBits(expected.threshold()), Double.doubleToRawLongBits(learner.config().threshold()));
        assertEquals(expected.tolerance(), learner.config().tolerance());
        Learner reencoded = LearnerCodec.decode(LearnerCodec.encode(learner));

        List<String> lines = resource(name + ".expected").lines().toList();
        Random random = new Random(name.hashCode());
        for (int i = 0; i < 13; i++) {
            record(random, i == 4);
            random.nextGaussian();                  // the label's noise
        }
        for (int i = 0; i < 40; i++) {
            double[] x = record(random, i % 7 == 3);
            double y = label(x, random);
            long expectedBits = Long.parseUnsignedLong(lines.get(i), 16);
            assertEquals(expectedBits, Double.doubleToRawLongBits(learner.learn(x, y)), "prediction " + i);
            assertEquals(expectedBits, Double.doubleToRawLongBits(reencoded.learn(x, y)), "re-encoded, prediction " + i);
        }
        assertEquals(lines.get(40), "records " + learner.records() + " steps " + learner.steps() + " status "
                + learner.status());
        long[] parameters = lines.subList(41, lines.size()).stream().mapToLong(h -> Long.parseUnsignedLong(h, 16)).toArray();
        assertArrayEquals(parameters, MiniBatchTest.bits(learner.parameters()));
        assertArrayEquals(parameters, MiniBatchTest.bits(reencoded.parameters()));
    }

    static byte[] snapshot(String name) {
        try (InputStream in = LearnerSnapshotsV1Test.class.getResourceAsStream("v1/" + name + ".dsnt")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = LearnerSnapshotsV1Test.class.getResourceAsStream("v1/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String file(String caseName) {
        return caseName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static double[] record(Random random, boolean missing) {
        double[] x = {random.nextGaussian() * 3 + 2, random.nextDouble() * 10, random.nextGaussian()};
        if (missing) {
            x[1] = Double.NaN;
        }
        return x;
    }

    private static double label(double[] x, Random random) {
        double x1 = Double.isNaN(x[1]) ? 5 : x[1];
        return 2 * x[0] - 0.5 * x1 + x[2] * x[2] + 0.1 * random.nextGaussian();
    }
}
