package dev.descent.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How much a topic with the delete cleanup policy keeps: Kafka's {@code retention.ms} and
 * {@code retention.bytes}, -1 for no limit. The size is per partition, not per topic: a topic of 4
 * partitions keeps up to 4 times it. Kafka deletes whole segments once they are past either limit.
 *
 * @param millis time a record is kept, or -1
 * @param bytes  bytes a partition keeps, or -1
 */
public record Retention(long millis, long bytes) {
    public static final long NO_LIMIT = -1;
    /**
     * What Descent's own broker keeps of its topics unless told otherwise (README, "Retention"): a
     * size, no time. Kafka measures a time limit from the records' timestamps, which are event
     * times: listings and sales of past months (a replayed history, the generator's listings) were
     * deleted as they arrived under 24 h.
     */
    public static final Retention DEFAULT = ofHoursAndMegabytes(NO_LIMIT, 1024);

    private static final long HOUR_MS = 3_600_000;
    private static final long MEGABYTE = 1024 * 1024;
    /** Kafka's limits for a segment: at least 1 MiB, and its default, 1 GiB, is plenty. */
    private static final long MIN_SEGMENT_BYTES = MEGABYTE;
    private static final long MAX_SEGMENT_BYTES = 1024 * MEGABYTE;
    /** Segments of an eighth of the retention: see {@link #configs()}. */
    private static final int SEGMENTS = 8;

    /** From a command line's figures; -1 is no limit. */
    public static Retention ofHoursAndMegabytes(long hours, long megabytes) {
        return new Retention(hours == NO_LIMIT ? NO_LIMIT : Math.multiplyExact(hours, HOUR_MS),
                megabytes == NO_LIMIT ? NO_LIMIT : Math.multiplyExact(megabytes, MEGABYTE));
    }

    /**
     * The topic configs. Kafka deletes a segment only once all of it is past a limit, and a segment
     * is closed at 1 GB or after 7 days by default, so a partition could keep a week, or 2 GB under a
     * 1 GB limit. Segments of an eighth of each limit keep a partition within 9/8 of it.
     */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(millis));
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(bytes));
        if (millis != NO_LIMIT) {
            configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Math.max(1, millis / SEGMENTS)));
        }
        if (bytes != NO_LIMIT) {
            configs.put(TopicConfig.SEGMENT_BYTES_CONFIG,
                    Long.toString(Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, bytes / SEGMENTS))));
        }
        return configs;
    }

    /** e.g. "24 h or 1,024 MB a partition", "168 h and no size limit". */
    public String describe() {
        String time = amount(millis / (double) HOUR_MS) + " h";
        String size = amount(bytes / (double) MEGABYTE) + " MB a partition";
        if (millis == NO_LIMIT) {
            return bytes == NO_LIMIT ? "no limit" : size + " and no time limit";
        }
        return bytes == NO_LIMIT ? time + " and no size limit" : time + " or " + size;
    }

    private static String amount(double x) {
        return x == Math.rint(x) ? String.format(Locale.ROOT, "%,d", (long) x) : String.format(Locale.ROOT, "%,.2f", x);
    }
}
