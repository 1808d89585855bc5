package io.meshwork.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.ApplyRequest;
import io.meshwork.core.api.ContractFile;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.Problem;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.serde.AvroEncoder;
import io.meshwork.testkit.contracts.ContractYaml;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The order-placed product applied through the gateway, the same orders as JSON for HTTP and as
 * Avro in Confluent's wire format for a raw producer, and both ways to publish them.
 */
final class IngestTarget implements AutoCloseable {

    static final String TOPIC = "orders.order-placed.v1";
    private static final ObjectMapper JSON = MeshJson.mapper();

    private final BenchMesh mesh;
    private final MeshClient gateway;
    private final KafkaProducer<String, byte[]> raw;
    private final String token;
    private final int schemaId;
    private final AvroEncoder encoder = new AvroEncoder();

    IngestTarget(BenchMesh mesh) throws IOException, InterruptedException {
        this.mesh = mesh;
        this.token = mesh.producerToken("orders");
        String contract = ContractYaml.of("orders", "order-placed").schemaName("OrderPlaced").key("orderId")
                .rule("positive-total", "message.total > 0").rule("has-items", "message.items.size() > 0").partitions(6)
                .yaml();
        MeshClient.of(URI.create(mesh.gatewayUrl()), mesh.adminToken()).apply(new ApplyRequest(List.of(
                new ContractFile("orders/order-placed.v1.yaml", contract,
                        Map.of("order-placed.v1.avsc", OrderEvents.SCHEMA.toString()))), List.of()), false, null);
        this.gateway = MeshClient.of(URI.create(mesh.gatewayUrl()), token).withTimeout(Duration.ofMinutes(1));
        this.schemaId = gateway.product(TOPIC).orElseThrow().schemaId();
        Properties props = new Properties();
        props.putAll(mesh.kafka().clientConfig("orders-service"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        this.raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The orders as the JSON body an HTTP producer sends. */
    static String json(List<GenericRecord> orders) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (GenericRecord order : orders) {
            events.add(plain(order));
        }
        return JSON.writeValueAsString(events);
    }

    /** Publishes a JSON batch through the gateway; returns once the gateway answered 200. */
    void http(String body) {
        accepted(gateway.publish(TOPIC, body, "application/json"));
    }

    /** Publishes one JSON batch without waiting; completes when the gateway answered 200. */
    CompletableFuture<Void> httpAsync(String body) {
        return gateway.publishAsync(TOPIC, body, "application/json").thenAccept(IngestTarget::accepted);
    }

    private static void accepted(MeshClient.Published answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("the gateway answered " + answer.status() + ": " + answer.refusal()
                    .map(Problem::detail).orElse(answer.results().toString()));
        }
    }

    /** Sends one order with the raw producer without waiting; completes when Kafka acknowledged it. */
    CompletableFuture<Void> rawAsync(GenericRecord order) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        raw.send(new ProducerRecord<>(TOPIC, order.get("orderId").toString(),
                encoder.encode(schemaId, OrderEvents.SCHEMA, order, false)), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.complete(null);
                    } else {
                        acknowledged.completeExceptionally(error);
                    }
                });
        return acknowledged;
    }

    /** Publishes the same orders with a raw producer (Avro, wire format, acks=all); returns once acknowledged. */
    void raw(List<GenericRecord> orders) {
        List<Future<?>> sends = new ArrayList<>(orders.size());
        for (GenericRecord order : orders) {
            sends.add(raw.send(new ProducerRecord<>(TOPIC, order.get("orderId").toString(),
                    encoder.encode(schemaId, OrderEvents.SCHEMA, order, false))));
        }
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("raw send failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static Map<String, Object> plain(GenericRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value == null) {
                continue;
            }
            json.put(field.name(), plainValue(field.name(), value));
        }
        return json;
    }

    private static Object plainValue(String name, Object value) {
        if (value instanceof GenericRecord nested) {
            return plain(nested);
        }
        if (value instanceof List<?> items) {
            return items.stream().map(item -> plainValue(name, item)).toList();
        }
        if (value instanceof ByteBuffer bytes) {
            byte[] unscaled = new byte[bytes.remaining()];
            bytes.duplicate().get(unscaled);
            return new BigDecimal(new BigInteger(unscaled), 2);
        }
        if ("placedAt".equals(name)) {
            return Instant.ofEpochMilli((Long) value).toString();
        }
        return value instanceof Number || value instanceof Boolean ? value : value.toString();
    }

    @Override
    public void close() {
        raw.close();
    }
}
