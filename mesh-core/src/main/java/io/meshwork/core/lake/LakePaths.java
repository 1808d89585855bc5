package io.meshwork.core.lake;

/**
 * What every lake row has beside its event's fields (where it was in Kafka, its CloudEvents id),
 * and the names the lake's rows go by in Kafka headers and in SQL.
 */
public final class LakePaths {

    /** Row columns added to every event: where it was in Kafka (its timestamp in microseconds), and its CloudEvents id. */
    public static final String PARTITION_COLUMN = "_kafka_partition";
    public static final String OFFSET_COLUMN = "_kafka_offset";
    public static final String TIMESTAMP_COLUMN = "_kafka_timestamp";
    public static final String EVENT_ID_COLUMN = "_ce_id";

    /**
     * The header of an event replayed from the lake, naming the topic it was archived from. The
     * archiver does not archive an event replayed into the topic it came from: the lake has it.
     */
    public static final String REPLAYED_FROM_HEADER = "mesh_replayed_from";

    private LakePaths() {
    }

    /** The SQL view of a topic: {@code orders.order-placed.v1} is {@code orders_order_placed_v1}. */
    public static String viewName(String topic) {
        return topic.replaceAll("[^A-Za-z0-9]", "_");
    }
}
