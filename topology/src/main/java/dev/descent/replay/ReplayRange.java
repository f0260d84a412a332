package dev.descent.replay;

import dev.descent.UserException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The records of a topic that one replay uses: per partition, offsets from {@code start}
 * (inclusive) to {@code end} (exclusive). The end is fixed when the replay starts, so records
 * that arrive later are not part of it.
 *
 * <p>{@code --from} is {@code earliest}, an ISO-8601 instant (the first record at or after it),
 * or offsets {@code PARTITION:OFFSET[,...]} (partitions not listed start at their earliest; a
 * bare {@code OFFSET} means partition 0). {@code --to} is {@code end} or an instant (records
 * before it).
 */
public record ReplayRange(String topic, Map<Integer, Long> start, Map<Integer, Long> end) {
    private static final long TIMEOUT_MS = 15_000;

    public ReplayRange {
        start = Map.copyOf(new TreeMap<>(start));
        end = Map.copyOf(new TreeMap<>(end));
    }

    /** Records in the range over all partitions. */
    public long size() {
        return start.entrySet().stream().mapToLong(e -> Math.max(0, end.get(e.getKey()) - e.getValue())).sum();
    }

    public List<Integer> partitions() {
        return start.keySet().stream().sorted().toList();
    }

    /** {@code houses [0:0..20000)}, partitions in order. */
    public String describe() {
        return topic + " " + partitions().stream()
                .map(p -> "[" + p + ":" + start.get(p) + ".." + end.get(p) + ")")
                .collect(Collectors.joining(" "));
    }

    /**
     * Resolves {@code from}/{@code to} against the topic's current offsets; a missing topic, an
     * offset outside the log, a {@code to} before {@code from} or an empty range is a
     * {@link UserException}. Reads only, so a refused replay leaves nothing behind.
     */
    public static ReplayRange resolve(Admin admin, String topic, String from, String to) {
        Bound first = Bound.parse("--from", from, "earliest");
        Bound last = Bound.parse("--to", to, "end");
        if (first.instant != null && last.instant != null && last.instant.isBefore(first.instant)) {
            throw new UserException("--to " + last.instant + " is before --from " + first.instant);
        }
        List<TopicPartition> partitions = partitions(admin, topic);
        Map<TopicPartition, Long> earliest = offsets(admin, partitions, p -> OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(admin, partitions, p -> OffsetSpec.latest());
        Map<Integer, Long> start = new HashMap<>();
        Map<Integer, Long> end = new HashMap<>();
        Map<TopicPartition, Long> fromTime = first.instant == null ? Map.of()
                : offsets(admin, partitions, p -> OffsetSpec.forTimestamp(first.instant.toEpochMilli()));
        Map<TopicPartition, Long> toTime = last.instant == null ? Map.of()
                : offsets(admin, partitions, p -> OffsetSpec.forTimestamp(last.instant.toEpochMilli()));
        for (Integer p : first.offsets.keySet()) {
            if (p < 0 || p >= partitions.size()) {
                throw new UserException("--from names partition " + p + ", but topic '" + topic + "' has partitions 0.."
                        + (partitions.size() - 1));
            }
        }
        for (TopicPartition tp : partitions) {
            int p = tp.partition();
            long low = earliest.get(tp);
            long high = latest.get(tp);
            long s = low;
            if (first.instant != null) {
                s = fromTime.get(tp) < 0 ? high : fromTime.get(tp);
            } else if (first.offsets.containsKey(p)) {
                s = first.offsets.get(p);
                if (s < low || s > high) {
                    throw new UserException(String.format(Locale.ROOT,
                            "--from offset %d of partition %d is outside the log of '%s' (offsets %d..%d)",
                            s, p, topic, low, high));
                }
            }
            long e = last.instant == null || toTime.get(tp) < 0 ? high : toTime.get(tp);
            start.put(p, s);
            end.put(p, Math.max(s, e));
        }
        ReplayRange range = new ReplayRange(topic, start, end);
        if (range.size() == 0) {
            throw new UserException("the range " + range.describe() + " of topic '" + topic
                    + "' holds no records (--from " + from + ", --to " + to + ")");
        }
        return range;
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UserException("topic '" + topic + "' does not exist");
            }
            throw new UserException("cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new UserException("cannot reach the cluster to describe topic '" + topic + "' within "
                    + TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Offsets as a {@code read_committed} consumer sees them, so the end is the last stable offset. */
    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions,
                                                     java.util.function.Function<TopicPartition, OffsetSpec> spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(p -> p, spec));
        try {
            Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(request,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException | TimeoutException e) {
            throw new UserException("cannot list offsets of " + partitions + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A parsed {@code --from}/{@code --to}: the open end, an instant, or offsets per partition. */
    record Bound(Instant instant, Map<Integer, Long> offsets) {

        static Bound parse(String option, String text, String open) {
            String value = text.trim();
            if (value.equals(open)) {
                return new Bound(null, Map.of());
            }
            if (value.contains("T")) {
                try {
                    return new Bound(Instant.parse(value), Map.of());
                } catch (DateTimeParseException e) {
                    throw new UserException(option + " '" + text + "' is not an ISO-8601 instant such as 2026-11-23T08:00:00Z");
                }
            }
            if (option.equals("--to")) {
                throw new UserException("--to '" + text + "' must be 'end' or an ISO-8601 instant such as 2026-11-23T08:00:00Z");
            }
            Map<Integer, Long> offsets = new HashMap<>();
            for (String part : value.split(",", -1)) {
                String[] pair = part.split(":", -1);
                try {
                    int partition = pair.length == 1 ? 0 : Integer.parseInt(pair[0].trim());
                    long offset = Long.parseLong(pair[pair.length - 1].trim());
                    if (pair.length > 2 || offset < 0 || offsets.put(partition, offset) != null) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new UserException(option + " '" + text + "' must be 'earliest', an ISO-8601 instant, or"
                            + " PARTITION:OFFSET[,...] with each partition once (bad part: '" + part + "')");
                }
            }
            return new Bound(null, offsets);
        }
    }
}
