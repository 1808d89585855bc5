package io.meshwork.core.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the lake keeps things in its bucket: one Hive-partitioned folder per topic, by event time,
 * {@code <topic>/dt=YYYY-MM-DD/hour=HH/<topic>+<partition>+<startOffset>.parquet}, and the
 * archiver's own bookkeeping under {@code _mesh/}, which no query sees.
 */
public final class LakePaths {

    /** Row columns added to every event: where it was in Kafka, and its CloudEvents id. */
    public static final String PARTITION_COLUMN = "_kafka_partition";
    public static final String OFFSET_COLUMN = "_kafka_offset";
    public static final String TIMESTAMP_COLUMN = "_kafka_timestamp";
    public static final String EVENT_ID_COLUMN = "_ce_id";

    /**
     * The header of an event replayed from the lake, naming the topic it was archived from. The
     * archiver does not archive an event replayed into the topic it came from: the lake has it.
     */
    public static final String REPLAYED_FROM_HEADER = "mesh_replayed_from";

    private static final Pattern FILE = Pattern.compile(
            "(?<topic>[^/]+)/dt=(?<dt>\\d{4}-\\d{2}-\\d{2})/hour=(?<hour>\\d{2})/\\k<topic>\\+(?<partition>\\d+)\\+(?<offset>\\d+)\\.parquet");

    /** A data file's key, split into its parts. */
    public record FileKey(String topic, String dt, int hour, int partition, long startOffset) {

        public String key() {
            return String.format("%s/dt=%s/hour=%02d/%s+%d+%d.parquet", topic, dt, hour, topic, partition, startOffset);
        }
    }

    private LakePaths() {
    }

    /** The key of the file whose first record is at {@code startOffset} and whose events happened in the hour of {@code eventTime}. */
    public static FileKey file(String topic, int partition, long startOffset, Instant eventTime) {
        ZonedDateTime utc = eventTime.atZone(ZoneOffset.UTC);
        return new FileKey(topic, utc.toLocalDate().toString(), utc.getHour(), partition, startOffset);
    }

    /** Reads a key back; empty when it is not a data file of the lake. */
    public static Optional<FileKey> parse(String key) {
        Matcher matcher = FILE.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new FileKey(matcher.group("topic"), matcher.group("dt"), Integer.parseInt(matcher.group("hour")),
                Integer.parseInt(matcher.group("partition")), Long.parseLong(matcher.group("offset"))));
    }

    /** The prefix of every file of a topic. */
    public static String topicPrefix(String topic) {
        return topic + "/";
    }

    /** The archiver's note of the batch it is writing for a partition, before it commits the batch's offsets. */
    public static String intent(String topic, int partition) {
        return "_mesh/archiver/intents/" + topic + "/" + partition + ".json";
    }

    /** The SQL view of a topic: {@code orders.order-placed.v1} is {@code orders_order_placed_v1}. */
    public static String viewName(String topic) {
        return topic.replaceAll("[^A-Za-z0-9]", "_");
    }
}
