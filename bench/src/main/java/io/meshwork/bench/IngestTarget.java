package io.meshwork.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.serde.AvroEncoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchMesh mesh;
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> raw;
    private final String token;
    private final int schemaId;
    private final AvroEncoder encoder = new AvroEncoder();

    IngestTarget(BenchMesh mesh) throws IOException, InterruptedException {
        this.mesh = mesh;
        this.token = mesh.producerToken("orders");
        String contract = """
                apiVersion: v3.0.2
                kind: DataContract
                id: orders.order-placed.v1
                domain: orders
                dataProduct: order-placed
                version: 1.0.0
                status: active
                team:
                  name: orders-team
                schema:
                  - avro: order-placed.v1.avsc
                    key: orderId
                quality:
                  - name: positive-total
                    engine: cel
                    implementation: message.total > 0
                  - name: has-items
                    engine: cel
                    implementation: message.items.size() > 0
                servers:
                  - type: kafka
                    partitions: 6
                """;
        String body = JSON.writeValueAsString(Map.of("contracts", List.of(Map.of("path", "orders/order-placed.v1.yaml",
                "yaml", contract, "schemas", Map.of("order-placed.v1.avsc", OrderEvents.SCHEMA.toString())))));
        HttpResponse<String> applied = http.send(HttpRequest.newBuilder(URI.create(mesh.gatewayUrl() + "/v1/contracts"))
                .header("Authorization", "Bearer " + mesh.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (applied.statusCode() != 200) {
            throw new IllegalStateException("cannot apply the benchmark's contract: " + applied.body());
        }
        HttpResponse<String> product = http.send(HttpRequest.newBuilder(
                        URI.create(mesh.gatewayUrl() + "/v1/products/" + TOPIC))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        this.schemaId = JSON.readTree(product.body()).get("schemaId").asInt();
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
    void http(String body) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create(mesh.gatewayUrl() + "/v1/products/" + TOPIC + "/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the gateway answered " + response.statusCode());
        }
    }

    /** Publishes one JSON batch without waiting; completes when the gateway answered 200. */
    CompletableFuture<Void> httpAsync(String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(mesh.gatewayUrl() + "/v1/products/" + TOPIC + "/events"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .thenAccept(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("the gateway answered " + response.statusCode());
                    }
                });
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
