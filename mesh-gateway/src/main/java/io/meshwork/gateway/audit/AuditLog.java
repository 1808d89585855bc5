package io.meshwork.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshwork.gateway.control.ControlLogUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Appends audit events to {@code _mesh.audit}, keyed by target, kept for a year; returns once Kafka has them. */
public final class AuditLog implements AutoCloseable {

    public static final String TOPIC = "_mesh.audit";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long RETENTION_MS = Duration.ofDays(365).toMillis();

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public AuditLog(Map<String, Object> kafkaConfig) {
        ensureTopic(kafkaConfig);
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
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
        return new ObjectMapper().registerModule(new JavaTimeModule()).readValue(new String(value, StandardCharsets.UTF_8),
                AuditEvent.class);
    }

    private static void ensureTopic(Map<String, Object> kafkaConfig) {
        try (Admin admin = Admin.create(kafkaConfig)) {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, replicas).configs(Map.of(
                            "cleanup.policy", "delete", "retention.ms", String.valueOf(RETENTION_MS)))))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ControlLogUnavailableException("cannot create " + TOPIC + ": " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw new ControlLogUnavailableException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlLogUnavailableException("interrupted while creating " + TOPIC);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
