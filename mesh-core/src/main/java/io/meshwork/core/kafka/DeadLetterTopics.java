package io.meshwork.core.kafka;

import java.time.Duration;

/** The dead-letter topics, {@code _mesh.dlq.<domain>}, as the gateway and the stream processors both create them. */
public final class DeadLetterTopics {

    /** The prefix of every dead-letter topic. */
    public static final String PREFIX = "_mesh.dlq.";

    /** How long a dead letter is kept: time for its domain to fix the contract or the producer, and reprocess. */
    public static final Duration RETENTION = Duration.ofDays(30);

    private DeadLetterTopics() {
    }

    /** A domain's dead-letter topic. */
    public static String topic(String domain) {
        return PREFIX + domain;
    }

    public static TopicSpec spec(String topic) {
        return TopicSpec.retained(topic, RETENTION);
    }
}
