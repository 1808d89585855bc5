package io.meshwork.gateway.ingest;

import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.kafka.DeadLetterTopics;
import io.meshwork.core.kafka.TopicMismatchException;
import io.meshwork.core.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * A domain's dead-letter topic, {@code _mesh.dlq.<domain>}: each rejected event's original payload,
 * with headers that say for which topic, why, by which rule or field, and when.
 */
final class DeadLetters implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String PREFIX = DeadLetterTopics.PREFIX;

    private final Admin admin;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    DeadLetters(Map<String, Object> kafkaConfig) {
        this.admin = Admin.create(kafkaConfig);
    }

    static String topic(String domain) {
        return DeadLetterTopics.topic(domain);
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
            Topics.createOrVerify(admin, DeadLetterTopics.spec(topic));
        } catch (TopicMismatchException e) {
            // Made by someone else (a consumer auto-creating it, say): letters still land there; the operator is told.
            LOG.warnf("%s; dead letters go there all the same", e.getMessage());
        }
        existing.add(topic);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
