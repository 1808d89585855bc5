package io.meshwork.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.serde.AvroDecimals;
import io.meshwork.processors.subscription.Router;
import io.meshwork.testkit.contracts.ContractYaml;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processors wired to a real broker and a real gateway: subscriptions registered over the
 * gateway's API while events flow, deliveries over Kafka and server-sent events, grants, window
 * results and their reads by key, enrichment, and the quality monitor's dead letters and reports.
 */
@QuarkusTest
@QuarkusTestResource(ProcessorsTestResource.class)
class StreamProcessorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "orders.order-placed.v2";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestMesh mesh;
    private static DemoEvents demo;
    /** A producer per domain, each as that domain's own service principal. */
    private static final Map<String, KafkaProducer<String, byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    @TestHTTPResource("/")
    URL processors;

    @BeforeAll
    static void connect() {
        mesh = TestMesh.shared();
        demo = new DemoEvents(mesh);
    }

    @AfterAll
    static void close() {
        PRODUCERS.values().forEach(KafkaProducer::close);
    }

    @Test
    void aSubscriptionAddedWhileEventsFlowDeliversOverKafkaAndServerSentEventsWithPersonalDataOnlyWhileGranted()
            throws Exception {
        String restaurant = "r-" + UUID.randomUUID();
        AtomicBoolean flowing = new AtomicBoolean(true);
        Thread flow = new Thread(() -> {
            int n = 0;
            while (flowing.get()) {
                publish(ORDERS, DemoEvents.newOrderId(), demo.order(UUID.randomUUID().toString(), "c-1", restaurant,
                        "Berlin", n++ % 2 == 0 ? "15.00" : "35.00", Instant.now()), Instant.now());
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }, "order-flow");
        flow.start();
        try {
            String consumer = "fulfilment";
            String token = mesh.consumerToken(consumer);
            String withStreet = """
                    {"sources": ["orders.order-placed.v2"],
                     "filter": "message.restaurantId == '%s' && message.price.total > 20.0",
                     "fields": ["orderId", "restaurantId", "price.total", "deliveryAddress.street"]}
                    """.formatted(restaurant);
            HttpResponse<String> refused = gateway("PUT", "/v1/subscriptions/big-orders", token, withStreet);
            assertThat(refused.statusCode()).as("the street is personal data, and there is no grant yet").isEqualTo(403);
            HttpResponse<String> created = gateway("PUT", "/v1/subscriptions/big-orders", token,
                    withStreet.replace(", \"deliveryAddress.street\"", ""));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(JSON.readTree(created.body()).path("deliveryTopic").asText()).isEqualTo("_sub.fulfilment.big-orders");

            List<ConsumerRecord<String, byte[]>> deliveries = new CopyOnWriteArrayList<>();
            try (KafkaConsumer<String, byte[]> reader = reader("_sub.fulfilment.big-orders")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    reader.poll(Duration.ofMillis(200)).forEach(deliveries::add);
                    return deliveries.size() >= 5;
                });
                assertThat(deliveries).allSatisfy(d -> {
                    JsonNode view = JSON.readTree(d.value());
                    assertThat(view.path("restaurantId").asText()).isEqualTo(restaurant);
                    assertThat(view.at("/price/total").decimalValue()).isGreaterThan(new java.math.BigDecimal("20"));
                    assertThat(view.has("deliveryAddress")).isFalse();
                    assertThat(view.has("customerId")).isFalse();
                });

                HttpResponse<String> granted = gateway("PUT", "/v1/products/" + ORDERS + "/grants/" + consumer,
                        mesh.domainToken("orders"), "");
                assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
                HttpResponse<String> changed = gateway("PUT", "/v1/subscriptions/big-orders", token, withStreet);
                assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> streetOf(reader).filter("Torstrasse 1"::equals).isPresent());

                HttpResponse<String> revoked = gateway("DELETE", "/v1/products/" + ORDERS + "/grants/" + consumer,
                        mesh.domainToken("orders"), null);
                assertThat(revoked.statusCode()).isEqualTo(204);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, byte[]> d : reader.poll(Duration.ofMillis(200))) {
                        if (JSON.readTree(d.value()).at("/deliveryAddress/street").isNull()
                                && "deliveryAddress.street".equals(header(d, Router.MASKED))) {
                            return true;
                        }
                    }
                    return false;
                });
            }

            List<String[]> first = serverSentEvents("/v1/subscriptions/big-orders/events", token, null, 3);
            assertThat(first).hasSize(3).allSatisfy(e -> {
                assertThat(e[1]).isEqualTo(ORDERS);
                assertThat(JSON.readTree(e[2]).path("restaurantId").asText()).isEqualTo(restaurant);
            });
            // Resuming after the second event continues from its position in every partition: nothing before it again.
            List<String[]> resumed = serverSentEvents("/v1/subscriptions/big-orders/events", token, first.get(1)[0], 5);
            assertThat(resumed).extracting(e -> e[2]).doesNotContain(first.get(0)[2], first.get(1)[2]);
            Map<String, Long> after = position(first.get(1)[0]);
            Map<String, Long> next = position(resumed.get(0)[0]);
            after.forEach((partition, offset) -> assertThat(next.get(partition)).isGreaterThanOrEqualTo(offset));

            HttpResponse<String> removed = gateway("DELETE", "/v1/subscriptions/big-orders", token, null);
            assertThat(removed.statusCode()).isEqualTo(204);
        } finally {
            flowing.set(false);
            flow.join();
        }
    }

    @Test
    void aFieldLaterClassifiedPersonalIsMaskedInTheDeliveriesThatFollow() throws Exception {
        String topic = "lockers.locker-opened.v1";
        applyLocker(false);
        String token = mesh.consumerToken("support");
        HttpResponse<String> created = gateway("PUT", "/v1/subscriptions/openings", token,
                "{\"sources\": [\"" + topic + "\"], \"fields\": [\"lockerId\", \"code\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try (KafkaConsumer<String, byte[]> reader = reader("_sub.support.openings")) {
            publish(topic, "l-1", demo.encode(topic, "{\"lockerId\": \"l-1\", \"code\": \"4711\"}"), Instant.now());
            await().atMost(Duration.ofSeconds(30)).until(() -> codesOf(reader).contains("4711"));

            applyLocker(true);
            publish(topic, "l-2", demo.encode(topic, "{\"lockerId\": \"l-2\", \"code\": \"0815\"}"), Instant.now());
            List<ConsumerRecord<String, byte[]>> next = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(next::add);
                return next.stream().anyMatch(r -> "l-2".equals(r.key()));
            });
            ConsumerRecord<String, byte[]> masked = next.stream().filter(r -> "l-2".equals(r.key())).findFirst().orElseThrow();
            assertThat(JSON.readTree(masked.value()).path("code").isNull()).isTrue();
            assertThat(header(masked, Router.MASKED)).isEqualTo("code");
        }
    }

    /** The locker product of a domain of this test alone; its {@code code} classified personal data or not. */
    private static void applyLocker(boolean codeIsPersonal) throws Exception {
        ContractYaml contract = ContractYaml.of("lockers", "locker-opened").version("1." + (codeIsPersonal ? 1 : 0) + ".0")
                .schemaName("LockerOpened").key("lockerId").partitions(1);
        if (codeIsPersonal) {
            contract.classify("code", "pii");
        }
        String yaml = contract.yaml();
        String avsc = "{\"type\":\"record\",\"name\":\"LockerOpened\",\"namespace\":\"io.meshwork.test\",\"fields\":["
                + "{\"name\":\"lockerId\",\"type\":\"string\"},{\"name\":\"code\",\"type\":\"string\"}]}";
        String body = JSON.writeValueAsString(Map.of("contracts", List.of(Map.of("path", "lockers/locker-opened.v1.yaml",
                "yaml", yaml, "schemas", Map.of("locker-opened.v1.avsc", avsc)))));
        HttpResponse<String> applied = gateway("POST", "/v1/contracts", mesh.adminToken(), body);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    private static List<String> codesOf(KafkaConsumer<String, byte[]> reader) throws IOException {
        List<String> codes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> d : reader.poll(Duration.ofMillis(200))) {
            codes.add(JSON.readTree(d.value()).path("code").asText());
        }
        return codes;
    }

    @Test
    void windowResultsArePublishedWhenTheWindowClosesAndReadableByKeyBeforeThat() throws Exception {
        String restaurant = "r-" + UUID.randomUUID();
        // Ahead of every other test's events, so that its stream time has not passed this window yet.
        Instant now = Instant.now();
        Instant window = now.minusMillis(now.toEpochMilli() % Duration.ofMinutes(5).toMillis()).plus(Duration.ofMinutes(15));
        publishOrder(restaurant, "c-1", "12.00", window.plusSeconds(10));
        publishOrder(restaurant, "c-2", "30.00", window.plusSeconds(20));

        String token = mesh.consumerToken("dashboards");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> read = get(URI.create(processors + "v1/aggregates/orders.restaurant-sales.v1/" + restaurant
                    + "?from=" + window.minusSeconds(1) + "&to=" + window.plusSeconds(1)), token);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode windows = JSON.readTree(read.body()).path("windows");
            assertThat(windows).hasSize(1);
            assertThat(windows.get(0).at("/measures/orders").asLong()).isEqualTo(2);
            // Money as exact decimals, to the cent.
            assertThat(read.body()).contains("\"revenue\":42.00");
        });

        publishOrder(restaurant, "c-3", "5.00", window.plus(Duration.ofMinutes(6)));
        ConsumerRecord<String, byte[]> result = awaitRecord("orders.restaurant-sales.v1", restaurant);
        var record = decoder().decode("orders.restaurant-sales.v1", result.value());
        assertThat(record.get("orders")).isEqualTo(2L);
        assertThat(AvroDecimals.read((LogicalTypes.Decimal) record.getSchema().getField("revenue").schema().getLogicalType(),
                record.get("revenue"))).isEqualTo(new BigDecimal("42.00"));
        assertThat(header(result, CloudEventHeaders.TYPE)).isEqualTo("orders.restaurant-sales.v1");

        HttpResponse<String> unauthenticated = get(URI.create(processors + "v1/aggregates/orders.restaurant-sales.v1/x"),
                null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        HttpResponse<String> notAnAggregate = get(URI.create(processors + "v1/aggregates/" + ORDERS + "/x"), token);
        assertThat(notAnAggregate.statusCode()).isEqualTo(404);
        assertThat(notAnAggregate.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void describesItsApiInOpenApiWithEveryBody() throws Exception {
        assertThat(get(URI.create(processors + "q/openapi?format=json"), null).statusCode()).isEqualTo(401);
        HttpResponse<String> document = get(URI.create(processors + "q/openapi?format=json"), mesh.adminToken());
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode windows = JSON.readTree(document.body()).path("paths").path("/v1/aggregates/{topic}/{key}").path("get");
        assertThat(windows.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/AggregateAnswer");
        assertThat(windows.at("/responses/503/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void ordersAreEnrichedWithTheirCustomersSegmentAndCity() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish("customers.customer-registered.v1", customer, demo.customer(customer, "BUSINESS", "Stockholm", t), t);
        String orderId = DemoEvents.newOrderId();
        publish(ORDERS, orderId, demo.order(orderId, customer, "r-1", "Stockholm", "22.00", t.plusSeconds(5)),
                t.plusSeconds(5));
        String later = DemoEvents.newOrderId();
        publish(ORDERS, later, demo.order(later, customer, "r-1", "Stockholm", "22.00", t.plusSeconds(60)),
                t.plusSeconds(60));

        var enriched = decoder().decode("orders.order-placed-enriched.v1",
                awaitRecord("orders.order-placed-enriched.v1", orderId).value());
        assertThat(enriched.get("customerSegment")).hasToString("BUSINESS");
        assertThat(enriched.get("customerCity")).hasToString("Stockholm");
    }

    @Test
    void nativeEventsThatBreakTheirRulesAreDeadLetteredAndShowInTheCatalogsQuality() throws Exception {
        String orderId = DemoEvents.newOrderId();
        Instant now = Instant.now();
        String good = io.meshwork.core.json.AvroToJson.convert(decoder()
                .decode(ORDERS, demo.order(orderId, "c-1", "r-1", "Berlin", "20.00", now))).toString();
        publish(ORDERS, orderId, demo.encode(ORDERS, good.replace("\"currency\":\"EUR\"", "\"currency\":\"XYZ\"")), now);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> quality = gateway("GET", "/v1/products/" + ORDERS + "/quality", mesh.adminToken(), null);
            assertThat(quality.statusCode()).as(quality.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(quality.body());
            // Each report covers one period, so the violation shows until the next one.
            assertThat(body.path("violationsByRule").path("known-currency").asLong()).as(quality.body()).isPositive();
            assertThat(body.path("freshnessSla").asText()).isEqualTo("PT1M");
            assertThat(body.path("nullRates").has("voucherCode")).isTrue();
            assertThat(body.path("fresh").asBoolean()).isTrue();
        });
        ConsumerRecord<String, byte[]> letter = awaitRecord("_mesh.dlq.orders", orderId);
        assertThat(header(letter, "mesh_reason")).isEqualTo(CloudEventHeaders.POST_PUBLISH_REASON);
        assertThat(header(letter, "mesh_rule")).isEqualTo("known-currency");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> metrics = get(URI.create(processors + "q/metrics"), null);
            assertThat(metrics.body()).contains("mesh_quality_violations_total{rule=\"known-currency\",topic=\"" + ORDERS);
        });
    }

    private void publishOrder(String restaurant, String customer, String total, Instant at) {
        String id = DemoEvents.newOrderId();
        publish(ORDERS, id, demo.order(id, customer, restaurant, "Berlin", total, at), at);
    }

    private static void publish(String topic, String key, byte[] value, Instant at) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value);
        String domain = topic.substring(0, topic.indexOf('.'));
        CloudEventHeaders.add(record.headers(), key, domain, topic, at);
        try {
            PRODUCERS.computeIfAbsent(domain, d -> {
                Map<String, Object> config = new HashMap<>(mesh.domainClient(d));
                config.put(ProducerConfig.ACKS_CONFIG, "all");
                return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            }).send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The street of the first delivery of the next poll that has one. */
    private static Optional<String> streetOf(KafkaConsumer<String, byte[]> reader) throws IOException {
        for (ConsumerRecord<String, byte[]> d : reader.poll(Duration.ofMillis(200))) {
            JsonNode street = JSON.readTree(d.value()).at("/deliveryAddress/street");
            if (street.isTextual()) {
                return Optional.of(street.asText());
            }
        }
        return Optional.empty();
    }

    /** The first record with the key on the topic, read committed, from its start. */
    private static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = reader(topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static io.meshwork.processors.event.Decoder decoder() {
        return new io.meshwork.processors.event.Decoder(io.meshwork.core.serde.SerdeConfig.from(Map.of(
                "schema.registry.url", mesh.gatewayUrl() + "/registry", "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", mesh.adminToken())));
    }

    private static KafkaConsumer<String, byte[]> reader(String topic) {
        Map<String, Object> config = new HashMap<>(mesh.superuser());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static HttpResponse<String> gateway(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(mesh.gatewayUrl().resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads {@code count} events from a server-sent-event stream: each as {id, event, data}. */
    private static List<String[]> serverSentEvents(String path, String token, String lastEventId, int count)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(mesh.gatewayUrl().resolve(path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String[] event = new String[3];
            while (events.size() < count && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    event[0] = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event[1] = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    event[2] = line.substring(5).strip();
                } else if (line.isEmpty() && event[2] != null) {
                    events.add(event);
                    event = new String[3];
                }
            }
        }
        return events;
    }

    private static Map<String, Long> position(String id) {
        Map<String, Long> offsets = new java.util.HashMap<>();
        for (String part : id.split(",")) {
            String[] pair = part.split(":");
            offsets.put(pair[0], Long.parseLong(pair[1]));
        }
        return offsets;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
