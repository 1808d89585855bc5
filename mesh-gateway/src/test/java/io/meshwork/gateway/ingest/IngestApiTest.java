package io.meshwork.gateway.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.meshwork.core.serde.MeshAvroDeserializer;
import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Publishing events over HTTP to a product applied through the catalog, on a real broker. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class IngestApiTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ORDERS = TestTokens.producer("orders");
    private static final String SCHEMA = """
            {"type": "record", "name": "Paid", "namespace": "io.meshwork.test.ingest", "fields": [
              {"name": "orderId", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "currency", "type": {"type": "enum", "name": "Currency", "symbols": ["EUR", "USD"]}},
              {"name": "paidAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "note", "type": ["null", "string"], "default": null}]}""";

    @TestHTTPResource("/registry")
    URL registry;

    @Test
    void acceptsABatchAndPublishesItWithCloudEventsHeaders() {
        String topic = product("active");
        // An event time of its own, a day ago: within the topic's retention whenever the test runs.
        String time = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = """
                [{"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e", "total": 12.5, "currency": "EUR",
                  "paidAt": "2026-11-22T12:00:00Z"},
                 {"id": "evt-42", "time": "%s",
                  "data": {"orderId": "5f0c8a1e-9a44-4b5e-8a43-0c2f7d1e9b10", "total": "3.99", "currency": "USD",
                           "paidAt": "2026-11-22T11:00:00Z", "note": "tip"}}]
                """.formatted(time);

        as(ORDERS).body(body).post("/v1/products/{t}/events", topic).then().statusCode(200)
                .body("accepted", equalTo(2)).body("rejected", equalTo(0))
                .body("results[0].status", equalTo("accepted")).body("results[1].id", equalTo("evt-42"))
                .body("results[1].offset", equalTo(1));

        List<ConsumerRecord<String, Object>> records = consume(topic, 2);
        assertThat(records).hasSize(2);
        ConsumerRecord<String, Object> second = records.get(1);
        assertThat(second.key()).isEqualTo("5f0c8a1e-9a44-4b5e-8a43-0c2f7d1e9b10");
        assertThat(second.timestamp()).isEqualTo(Instant.parse(time).toEpochMilli());
        assertThat(header(second, "ce_id")).isEqualTo("evt-42");
        assertThat(header(second, "ce_source")).isEqualTo("orders");
        assertThat(header(second, "ce_type")).isEqualTo(topic);
        assertThat(header(second, "ce_time")).isEqualTo(time);
        assertThat(header(records.get(0), "ce_id")).hasSize(36);
        GenericRecord value = (GenericRecord) second.value();
        assertThat(value.get("currency").toString()).isEqualTo("USD");
        assertThat(value.get("note").toString()).isEqualTo("tip");
    }

    @Test
    void answersEachEventAndSendsTheRejectedToTheDeadLetterTopic() {
        String topic = product("active");
        String body = """
                [{"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e", "total": 1.00, "currency": "EUR", "paidAt": 1},
                 {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2f", "total": -5, "currency": "EUR", "paidAt": 1},
                 {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d30", "total": 2, "currency": "EUR", "paidAt": 1,
                  "coupon": "X"},
                 {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d31", "total": 2, "currency": "GBP", "paidAt": 1}]
                """;

        as(ORDERS).body(body).post("/v1/products/{t}/events", topic).then().statusCode(207)
                .body("accepted", equalTo(1)).body("rejected", equalTo(3))
                .body("results[0].status", equalTo("accepted"))
                .body("results[1].status", equalTo("rejected")).body("results[1].rule", equalTo("positive-total"))
                .body("results[1].message", containsString("rule positive-total is false"))
                .body("results[2].field", equalTo("$.coupon")).body("results[2].rule", nullValue())
                .body("results[3].field", equalTo("$.currency"))
                .body("results[3].message", containsString("'GBP' is not one of EUR, USD"));

        List<ConsumerRecord<String, byte[]>> dead = consumeRaw("_mesh.dlq.orders", topic, 3);
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(r -> header(r, "mesh_reason")).containsExactly("rule", "schema", "schema");
        assertThat(header(dead.get(0), "mesh_rule")).isEqualTo("positive-total");
        assertThat(header(dead.get(1), "mesh_field")).isEqualTo("$.coupon");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"total\":-5");
        assertThat(consume(topic, 1)).hasSize(1);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mesh_ingest_events_total{outcome=\"rejected\",reason=\"rule\",topic=\"" + topic + "\"} 1.0"));
    }

    @Test
    void republishesDeadLettersThatPassAfterAContractFixAndEachOnlyOnce() {
        String event = "reprocess-test-" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet();
        String topic = "orders." + event + ".v1";
        apply(event, "active", "message.total < 100");
        String body = """
                [{"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e", "total": 5, "currency": "EUR", "paidAt": 1},
                 {"id": "big-one", "data": {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2f", "total": 150,
                  "currency": "EUR", "paidAt": 1}},
                 {"orderId": "0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d30", "total": -1, "currency": "EUR", "paidAt": 1}]
                """;
        as(ORDERS).body(body).post("/v1/products/{t}/events", topic).then().statusCode(207)
                .body("accepted", equalTo(1)).body("rejected", equalTo(2));

        apply(event, "active", "message.total < 1000");
        io.restassured.response.Response first = as(ORDERS).post("/v1/dlq/orders/reprocess");
        first.then().statusCode(200);
        List<Map<String, Object>> mine = first.jsonPath().<Map<String, Object>>getList("results").stream()
                .filter(r -> topic.equals(r.get("topic"))).toList();
        assertThat(mine).extracting(r -> r.get("id") + ":" + r.get("status"))
                .containsExactlyInAnyOrder("big-one:republished", mine.stream()
                        .filter(r -> !"big-one".equals(r.get("id"))).findFirst().orElseThrow().get("id") + ":rejected");

        io.restassured.response.Response second = as(ORDERS).post("/v1/dlq/orders/reprocess");
        second.then().statusCode(200);
        assertThat(second.jsonPath().<Map<String, Object>>getList("results").stream()
                .filter(r -> topic.equals(r.get("topic"))).map(r -> r.get("status")))
                .as("the republished letter is not republished again; the still-bad one is retried")
                .containsExactly("rejected");

        List<ConsumerRecord<String, Object>> published = consume(topic, 3);
        assertThat(published).hasSize(2);
        assertThat(header(published.get(1), "ce_id")).isEqualTo("big-one");

        as(TestTokens.producer("customers")).post("/v1/dlq/orders/reprocess").then().statusCode(403);
    }

    @Test
    void describesTheApiInOpenApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/products/{topic}/events"))
                .body(containsString("/v1/dlq/{domain}/reprocess"))
                .body(containsString("/v1/contracts"));
    }

    @Test
    void takesNdjson() {
        String topic = product("active");
        String body = "{\"orderId\": \"0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e\", \"total\": 1, \"currency\": \"EUR\", \"paidAt\": 1}\n"
                + "{\"orderId\": \"0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2f\", \"total\": 2, \"currency\": \"USD\", \"paidAt\": 2}\n";

        as(ORDERS).config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-ndjson", ContentType.TEXT)))
                .contentType("application/x-ndjson").body(body).post("/v1/products/{t}/events", topic).then()
                .statusCode(200).body("accepted", equalTo(2));
    }

    @Test
    void rejectsAnEventFromTheFuture() {
        String topic = product("active");
        String body = "[{\"time\": \"" + Instant.now().plus(Duration.ofHours(3)) + "\", \"data\": "
                + "{\"orderId\": \"0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e\", \"total\": 1, \"currency\": \"EUR\", \"paidAt\": 1}}]";

        as(ORDERS).body(body).post("/v1/products/{t}/events", topic).then().statusCode(207)
                .body("results[0].status", equalTo("rejected")).body("results[0].field", equalTo("$.time"))
                .body("results[0].message", containsString("in the future"));
    }

    @Test
    void refusesWhatCannotBePublished() {
        String topic = product("active");
        String event = "[{\"orderId\": \"0b9b1c1e-2f51-4c6a-9a0e-3b8f0a4c1d2e\", \"total\": 1, \"currency\": \"EUR\", \"paidAt\": 1}]";

        given().contentType("application/json").body(event).post("/v1/products/{t}/events", topic).then().statusCode(401);
        as(TestTokens.producer("customers")).body(event).post("/v1/products/{t}/events", topic).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("belongs to domain orders"));
        as(TestTokens.consumer("analytics")).body(event).post("/v1/products/{t}/events", topic).then().statusCode(403);
        as(ORDERS).body(event).post("/v1/products/{t}/events", "orders.nothing-here.v1").then().statusCode(404)
                .body("title", equalTo("Unknown product"));
        as(ORDERS).body("[{\"orderId\": ").post("/v1/products/{t}/events", topic).then().statusCode(400)
                .body("title", equalTo("Unreadable JSON"));
        as(ORDERS).body("{\"orderId\": \"x\"}").post("/v1/products/{t}/events", topic).then().statusCode(400)
                .body("title", equalTo("Not a batch"));
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        as(ORDERS).body(tooMany.append("]").toString()).post("/v1/products/{t}/events", topic).then().statusCode(413);

        String retired = product("retired");
        as(ORDERS).body(event).post("/v1/products/{t}/events", retired).then().statusCode(410)
                .body("detail", containsString("successor"));
    }

    private String product(String status) {
        String event = "ingest-test-" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet();
        apply(event, status, "message.total < 1000000");
        return "orders." + event + ".v1";
    }

    private static void apply(String event, String status, String limit) {
        String quality = """
                quality:
                  - name: positive-total
                    type: custom
                    engine: cel
                    implementation: message.total > 0
                  - name: total-limit
                    type: custom
                    engine: cel
                    implementation: %s
                """.formatted(limit);
        as(ORDERS).body(TestContracts.request("orders", event,
                        TestContracts.yaml("orders", event, status, 1, "orderId", quality), SCHEMA))
                .post("/v1/contracts").then().statusCode(200);
    }

    private static RequestSpecification as(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }

    private List<ConsumerRecord<String, Object>> consume(String topic, int expected) {
        Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", registry.toString(),
                "bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", ORDERS));
        Properties props = consumerProps();
        props.putAll(config);
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), deserializer(config))) {
            consumer.subscribe(List.of(topic));
            poll(consumer, records, expected);
        }
        return records;
    }

    private static List<ConsumerRecord<String, byte[]>> consumeRaw(String topic, String about, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                records = all.stream().filter(r -> about.equals(header(r, "mesh_topic"))).toList();
            }
        }
        return records;
    }

    private static <V> void poll(KafkaConsumer<String, V> consumer, List<ConsumerRecord<String, V>> into, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (into.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(into::add);
        }
    }

    private static MeshAvroDeserializer<Object> deserializer(Map<String, Object> config) {
        MeshAvroDeserializer<Object> deserializer = new MeshAvroDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.putAll(TestInfrastructure.shared().kafka().superuserConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
