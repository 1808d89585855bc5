package io.meshwork.core.kafka;

import java.time.Duration;

/** The dead-letter topics, {@code _mesh.dlq.<domain>}, as the gateway and the stream processors both create them. */
public final class DeadLetterTopics {

    /** How long a dead letter is kept: time for its domain to fix the contract or the producer, and reprocess. */
    public static final Duration RETENTION = Duration.ofDays(30);

    private DeadLetterTopics() {
    }

    public static TopicSpec spec(String topic) {
        return TopicSpec.retained(topic, RETENTION);
    }
}
