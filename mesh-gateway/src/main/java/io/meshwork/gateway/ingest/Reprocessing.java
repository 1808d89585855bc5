package io.meshwork.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.ReprocessReport.Outcome;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.naming.ProductName;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.catalog.Catalog;
import io.meshwork.gateway.catalog.Product;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.gateway.problem.ProblemException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reprocesses a domain's dead letters against the current contracts: what now passes is published
 * to its product's topic, what still fails goes back to the end of the dead-letter topic with its
 * new reason. Publishing and moving past the dead letters commit in one Kafka transaction, so each
 * dead letter is republished at most once, however often reprocessing runs and on whichever replica.
 */
public final class Reprocessing {

    private static final ObjectMapper JSON = MeshJson.mapper();
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> kafkaConfig;
    private final Catalog catalog;
    private final Ingestion ingestion;
    private final DeadLetters deadLetters;

    Reprocessing(Map<String, Object> kafkaConfig, Catalog catalog, Ingestion ingestion, DeadLetters deadLetters) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.catalog = catalog;
        this.ingestion = ingestion;
        this.deadLetters = deadLetters;
    }

    /** Reprocesses the dead letters the domain had when the call began. */
    public synchronized List<Outcome> reprocess(Caller caller, String domain) {
        ProductName.checkName("domain", domain).ifPresent(problem -> {
            throw new ProblemException(404, "Unknown domain", problem + "; no domain has dead letters under that name");
        });
        if (!caller.actsFor(domain)) {
            throw new ProblemException(403, "Not your domain", caller.describe() + " does not act for domain " + domain);
        }
        String dlq = DeadLetters.topic(domain);
        TopicPartition partition = new TopicPartition(dlq, 0);
        String group = "mesh-dlq-reprocess-" + domain;
        try (KafkaConsumer<String, byte[]> consumer = consumer(group);
             KafkaProducer<String, byte[]> producer = producer("mesh-dlq-reprocess-" + domain)) {
            if (consumer.partitionsFor(dlq, Duration.ofSeconds(10)).isEmpty()) {
                return List.of();
            }
            consumer.assign(List.of(partition));
            // Fences any other replica reprocessing this domain and settles its open transaction first.
            producer.initTransactions();
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
            consumer.seek(partition, committed == null ? 0 : committed.offset());
            List<Outcome> outcomes = new ArrayList<>();
            Instant now = Instant.now();
            while (consumer.position(partition) < end) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                consumer.poll(POLL).forEach(r -> {
                    if (r.offset() < end) {
                        batch.add(r);
                    }
                });
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                List<Outcome> batchOutcomes = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> letter : batch) {
                    batchOutcomes.add(reprocess(letter, producer, now));
                }
                long next = batch.get(batch.size() - 1).offset() + 1;
                producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(next)),
                        consumer.groupMetadata());
                producer.commitTransaction();
                outcomes.addAll(batchOutcomes);
            }
            return outcomes;
        } catch (KafkaException e) {
            throw new ControlLogUnavailableException("cannot reprocess " + dlq + ": " + e.getMessage()
                    + "; nothing after the last committed batch was republished");
        }
    }

    private Outcome reprocess(ConsumerRecord<String, byte[]> letter, KafkaProducer<String, byte[]> producer, Instant now) {
        String topic = CloudEventHeaders.get(letter.headers(), "mesh_topic").orElse("?");
        String id = CloudEventHeaders.get(letter.headers(), CloudEventHeaders.ID).orElse(letter.key());
        Instant time = CloudEventHeaders.get(letter.headers(), CloudEventHeaders.TIME).map(Instant::parse).orElse(Instant.ofEpochMilli(letter.timestamp()));
        if (CloudEventHeaders.get(letter.headers(), "mesh_reason").filter(CloudEventHeaders.POST_PUBLISH_REASON::equals)
                .isPresent()) {
            // The quality monitor found it after it was published: it is in its topic already, and stays there.
            return new Outcome(letter.offset(), topic, id, "skipped", "already published; the quality monitor"
                    + " recorded it after the fact");
        }
        Optional<Product> product = catalog.product(topic);
        if (product.isEmpty()) {
            return new Outcome(letter.offset(), topic, id, "skipped", "the product is no longer in the catalog");
        }
        JsonNode data;
        try {
            data = JSON.readTree(letter.value());
        } catch (IOException e) {
            return new Outcome(letter.offset(), topic, id, "skipped", "the payload is not JSON");
        }
        Ingestion.Verdict verdict = ingestion.check(product.get().contract(), data, time, now);
        if (verdict.accepted()) {
            producer.send(ingestion.productRecord(product.get(), verdict.record(), id, time));
            return new Outcome(letter.offset(), topic, id, "republished", null);
        }
        ProducerRecord<String, byte[]> again = deadLetters.record(product.get().contract(), id, time, letter.value(),
                verdict.reason(), verdict.field(), verdict.rule(), verdict.message());
        producer.send(again);
        return new Outcome(letter.offset(), topic, id, "rejected", verdict.message());
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer(String transactionalId) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
