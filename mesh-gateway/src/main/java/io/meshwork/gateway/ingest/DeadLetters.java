package io.meshwork.gateway.ingest;

import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.kafka.Topics;
import io.meshwork.core.contract.DataContract;
import io.meshwork.gateway.control.ControlLogUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A domain's dead-letter topic, {@code _mesh.dlq.<domain>}: each rejected event's original payload,
 * with headers that say for which topic, why, by which rule or field, and when.
 */
final class DeadLetters implements AutoCloseable {

    static final String PREFIX = "_mesh.dlq.";
    private static final long RETENTION_MS = Duration.ofDays(30).toMillis();

    private final Admin admin;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    DeadLetters(Map<String, Object> kafkaConfig) {
        this.admin = Admin.create(kafkaConfig);
    }

    static String topic(String domain) {
        return PREFIX + domain;
    }

    /** A dead letter for a rejected event; creates the domain's dead-letter topic on first use. */
    ProducerRecord<String, byte[]> record(DataContract contract, String id, Instant time, byte[] payload, String reason,
                                          String field, String rule, String message) {
        String topic = topic(contract.domain());
        ensure(topic);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, payload);
        record.headers().add(CloudEventHeaders.header(CloudEventHeaders.ID, id))
                .add(CloudEventHeaders.header(CloudEventHeaders.TIME, time.toString()))
                .add(CloudEventHeaders.header("mesh_topic", contract.topic()))
                .add(CloudEventHeaders.header("mesh_reason", reason))
                .add(CloudEventHeaders.header("mesh_message", message))
                .add(CloudEventHeaders.header("mesh_rejected_at", Instant.now().toString()));
        if (field != null) {
            record.headers().add(CloudEventHeaders.header("mesh_field", field));
        }
        if (rule != null) {
            record.headers().add(CloudEventHeaders.header("mesh_rule", rule));
        }
        return record;
    }

    private void ensure(String topic) {
        if (existing.contains(topic)) {
            return;
        }
        try {
            Topics.createIfMissing(admin, topic, 1, Map.of("retention.ms", String.valueOf(RETENTION_MS)));
        } catch (IllegalStateException e) {
            throw new ControlLogUnavailableException("cannot create dead-letter topic " + topic + ": " + e.getMessage());
        }
        existing.add(topic);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
