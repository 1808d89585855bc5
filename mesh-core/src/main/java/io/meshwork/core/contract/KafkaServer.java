package io.meshwork.core.contract;

import java.time.Duration;

/**
 * How the product's topic is laid out in Kafka.
 *
 * @param partitions the partition count, at least 1
 * @param retention how long Kafka keeps events
 * @param cleanupPolicy {@code delete} or {@code compact}
 */
public record KafkaServer(int partitions, Duration retention, String cleanupPolicy) {

    public static final KafkaServer DEFAULT = new KafkaServer(3, Duration.ofDays(7), "delete");
}
