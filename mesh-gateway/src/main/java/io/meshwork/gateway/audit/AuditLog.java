package io.meshwork.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.core.kafka.TopicSpec;
import io.meshwork.core.kafka.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Appends audit events to {@code _mesh.audit}, keyed by target, kept for a year; returns once Kafka has them. */
public final class AuditLog implements AutoCloseable {

    public static final String TOPIC = "_mesh.audit";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofDays(365);

    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper json = MeshJson.mapper();
    private KafkaProducer<String, byte[]> producer;

    public AuditLog(Map<String, Object> kafkaConfig) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
    }

    /** Creates or verifies {@code _mesh.audit} (kept a year, not compacted) and connects. */
    public synchronized void start() {
        if (producer != null) {
            return;
        }
        try (Admin admin = Admin.create(kafkaConfig)) {
            Topics.createOrVerify(admin, TopicSpec.retained(TOPIC, RETENTION), TIMEOUT);
        }
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Records the event; throws when Kafka does not acknowledge it. */
    public void record(AuditEvent event) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, event.target(), json.writeValueAsBytes(event)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an audit event as JSON", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ControlLogUnavailableException("cannot record the audit event for " + event.target() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlLogUnavailableException("interrupted while recording an audit event");
        }
    }

    /** Reads an event back, for tests and tools. */
    public static AuditEvent parse(byte[] value) throws IOException {
        return MeshJson.mapper().readValue(new String(value, StandardCharsets.UTF_8),
                AuditEvent.class);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
