package io.meshwork.gateway.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.ApplyReport;
import io.meshwork.core.api.ApplyRequest;
import io.meshwork.core.kafka.ControlLog;
import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.audit.AuditEvent;
import io.meshwork.gateway.audit.AuditLog;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.registry.SchemaRegistry;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/** Applying contracts over HTTP: topics, schemas, the catalog and the audit trail on a real broker. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class CatalogApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEMO = Path.of(System.getProperty("mesh.contracts.dir"));
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.meshwork.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"int\"}]}";

    @Test
    void plansAppliesAndReappliesTheDemoContracts() throws Exception {
        Map<String, Object> demo = demoContracts();
        String admin = TestTokens.admin();

        as(admin).body(demo).queryParam("dryRun", true).post("/v1/contracts").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("contracts", hasSize(14))
                .body("contracts.action", everyItem(equalTo("created")))
                .body("contracts.find { it.topic == 'logistics.rider-location.v1' }.changes",
                        hasItem(containsString("create topic logistics.rider-location.v1 with 12 partitions")));
        assertThat(topic("logistics.rider-location.v1")).as("a dry run changes nothing").isEmpty();

        as(admin).header("X-Mesh-Reason", "onboard the demo domains").body(demo).post("/v1/contracts").then()
                .statusCode(200).body("dryRun", equalTo(false)).body("contracts.action", everyItem(equalTo("created")));

        assertThat(topic("logistics.rider-location.v1")).hasValueSatisfying(t -> assertThat(t.partitions()).hasSize(12));
        assertThat(config("restaurants.availability-changed.v1", "cleanup.policy")).isEqualTo("compact");
        assertThat(config("logistics.rider-location.v1", "retention.ms")).isEqualTo(String.valueOf(Duration.ofDays(1).toMillis()));
        given().basePath("/registry").header("Authorization", "Bearer " + admin)
                .get("/subjects/{s}/versions", "orders.order-placed.v2-value").then().statusCode(200).body("", contains(1));

        as(TestTokens.consumer("analytics")).get("/v1/products").then().statusCode(200)
                .body("topic", hasItems("orders.order-placed.v1", "orders.order-placed.v2", "customers.customer-registered.v1"));
        as(TestTokens.consumer("analytics")).queryParam("domain", "orders").get("/v1/products").then()
                .body("topic", hasItems("orders.order-placed.v2", "orders.order-status-changed.v1"))
                .body("domain", everyItem(equalTo("orders")));
        as(TestTokens.consumer("analytics")).get("/v1/products/{t}", "customers.customer-registered.v1").then()
                .statusCode(200).body("status", equalTo("active")).body("team", equalTo("customer-accounts"))
                .body("piiFields", hasItems("email", "phone", "ipAddress", "address.street"))
                .body("kafka.partitions", equalTo(6)).body("appliedBy", equalTo("platform-admin"));
        as(TestTokens.consumer("analytics")).get("/v1/domains").then().statusCode(200)
                .body("domain", hasItems("app-analytics", "customers", "logistics", "orders", "restaurants"));

        as(admin).body(demo).post("/v1/contracts").then().statusCode(200)
                .body("contracts.action", everyItem(equalTo("unchanged")))
                .body("contracts.changes.flatten()", hasSize(0));

        List<AuditEvent> audit = auditEvents();
        assertThat(audit).filteredOn(e -> e.target().equals("orders.order-placed.v2")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("platform-admin");
                    assertThat(e.action()).isEqualTo("contract.applied");
                    assertThat(e.reason()).isEqualTo("onboard the demo domains");
                });

        try (SchemaRegistry registry = new SchemaRegistry(kafka(), "mesh-registry-writer").start();
             Catalog restarted = new Catalog(kafka(), "mesh-catalog-writer", registry,
                     ControlLog.Settings.DEFAULTS, Clock.systemUTC(), true).start()) {
            assertThat(restarted.products(Optional.empty(), Optional.empty()))
                    .extracting(p -> p.contract().topic()).contains("orders.order-placed.v2", "logistics.rider-location.v1");
        }
    }

    @Test
    void updatesAChangedContractAndSaysWhatChanged() throws Exception {
        String event = event();
        String orders = TestTokens.producer("orders");
        as(orders).body(one(event, "active", 3, SCHEMA)).post("/v1/contracts").then().statusCode(200)
                .body("contracts[0].action", equalTo("created"));

        as(orders).body(one(event, "deprecated", 6, SCHEMA)).post("/v1/contracts").then().statusCode(200)
                .body("contracts[0].action", equalTo("updated"))
                .body("contracts[0].changes", hasItems("partitions 3 -> 6 (keys move to other partitions from now on)",
                        "status active -> deprecated"));

        as(orders).get("/v1/products/{t}", "orders." + event + ".v1").then().body("status", equalTo("deprecated"));
        assertThat(topic("orders." + event + ".v1")).hasValueSatisfying(t -> assertThat(t.partitions()).hasSize(6));
    }

    @Test
    void refusesContractsOfAnotherDomain() throws Exception {
        as(TestTokens.producer("customers")).body(one(event(), "active", 3, SCHEMA)).post("/v1/contracts").then()
                .statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Not your domain"))
                .body("detail", containsString("belongs to domain orders"));
        as(TestTokens.consumer("analytics")).body(one(event(), "active", 3, SCHEMA)).post("/v1/contracts").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void refusesInvalidContractsWithEveryProblemLocated() throws Exception {
        ApplyRequest body = one(event(), "live", 3, SCHEMA);

        as(TestTokens.producer("orders")).body(body).post("/v1/contracts").then().statusCode(422)
                .contentType("application/problem+json").body("title", equalTo("Invalid contracts"))
                .body("problems", hasItem(containsString(".v1.yaml:7: status: status 'live' is not one of draft,"
                        + " active, deprecated, retired")));
    }

    @Test
    void refusesADerivedProductItsSourcesCannotFeed() throws Exception {
        Map<String, Object> source = contract("orders/order-placed.v2.yaml");
        Map<String, Object> sales = contract("orders/restaurant-sales.v1.yaml");
        String yaml = (String) sales.get("yaml");
        Map<String, Object> summingText = Map.of("path", sales.get("path"), "yaml",
                yaml.replace("function: sum, field: price.total", "function: sum, field: price.currency"),
                "schemas", sales.get("schemas"));
        Map<String, Object> fromNothing = Map.of("path", sales.get("path"), "yaml",
                yaml.replace("source: orders.order-placed.v2", "source: orders.order-cancelled.v1"),
                "schemas", sales.get("schemas"));
        String orders = TestTokens.producer("orders");

        as(orders).body(Map.of("contracts", List.of(source, summingText))).post("/v1/contracts").then().statusCode(422)
                .contentType("application/problem+json").body("title", equalTo("Invalid contracts"))
                .body("problems", contains("orders/restaurant-sales.v1.yaml: orders.restaurant-sales.v1: measure"
                        + " revenue reads price.currency, which is not a number in orders.order-placed.v2"));
        as(orders).body(Map.of("contracts", List.of(fromNothing))).post("/v1/contracts").then().statusCode(422)
                .body("problems", contains("orders/restaurant-sales.v1.yaml: orders.restaurant-sales.v1: source"
                        + " orders.order-cancelled.v1 is not in the catalog"));
    }

    @Test
    void refusesABreakingSchemaChangeAndShrinkingPartitions() throws Exception {
        String event = event();
        String orders = TestTokens.producer("orders");
        as(orders).body(one(event, "active", 6, SCHEMA)).post("/v1/contracts").then().statusCode(200);

        as(orders).body(one(event, "active", 6, SCHEMA.replace("\"int\"", "\"string\""))).post("/v1/contracts").then()
                .statusCode(409).body("title", equalTo("Incompatible schema"))
                .body("detail", containsString("new major version"))
                .body("problems[0]", containsString("TYPE_MISMATCH"));
        as(orders).body(one(event, "active", 2, SCHEMA)).post("/v1/contracts").then().statusCode(409)
                .body("title", equalTo("Partitions cannot shrink"));
    }

    @Test
    void aStoredContractThatNoLongerLoadsStaysListedAndTakesNoEvents() throws Exception {
        String topic = "orders.stored-long-ago.v1";
        // As an older version might have stored it: a rule over a field its schema does not have.
        String yaml = TestContracts.yaml("orders", "stored-long-ago", "active", 1, null,
                "quality:\n  - name: positive\n    type: custom\n    engine: cel\n    implementation: message.amount > 0\n");
        CatalogEntry entry = new CatalogEntry(topic, "orders/stored-long-ago.v1.yaml", yaml, "stored-long-ago.v1.avsc",
                "{\"type\":\"record\",\"name\":\"Old\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}", 1,
                "an-earlier-version", java.time.Instant.parse("2026-01-01T00:00:00Z"));
        byte[] key = JSON.writeValueAsBytes(Map.of("topic", topic));
        writeCatalogRecord(key, new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .writeValueAsBytes(entry));
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(TestTokens.consumer("analytics"))
                    .get("/v1/products/{t}", topic).then().statusCode(409).contentType("application/problem+json")
                    .body("title", equalTo("Stored contract no longer loads"))
                    .body("problems[0]", containsString("amount")));
            as(TestTokens.consumer("analytics")).queryParam("domain", "orders").get("/v1/products").then().statusCode(200)
                    .body("find { it.topic == '" + topic + "' }.status", equalTo("unloadable"));
            given().get("/q/health/well").then().statusCode(503)
                    .body("checks.find { it.name == 'stored-contracts' }.data.unloadableProducts", containsString(topic));
            as(TestTokens.producer("orders")).body("[{\"id\": \"x\"}]").post("/v1/products/{t}/events", topic).then()
                    .statusCode(409).body("title", equalTo("Stored contract no longer loads"));
        } finally {
            writeCatalogRecord(key, null);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/well").then().statusCode(200));
    }

    @Test
    void whereStrimziOwnsTheTopicsAContractAppliesOnlyOnceItsTopicIsAsItSays() throws Exception {
        String event = event();
        String topic = "orders." + event + ".v1";
        Caller orders = new Caller("orders-service", false, Optional.of("orders"));
        try (SchemaRegistry registry = new SchemaRegistry(kafka(), "mesh-registry-writer").start();
             Catalog catalog = new Catalog(kafka(), "mesh-catalog-writer", registry, ControlLog.Settings.DEFAULTS,
                     Clock.systemUTC(), false).start()) {
            assertThatThrownBy(() -> catalog.apply(orders, one(event, "active", 3, SCHEMA).contracts(), List.of(), false,
                    "before the topic operator ran")).isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("topic " + topic + " does not exist yet",
                                "mesh k8s render", "KafkaTopic " + topic);
                    });
            assertThat(topic(topic)).as("the gateway created nothing").isEmpty();
            assertThat(catalog.product(topic)).isEmpty();

            try (Admin admin = Admin.create(kafka())) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("retention.ms",
                        String.valueOf(Duration.ofDays(7).toMillis()), "cleanup.policy", "delete")))).all().get();
            }
            assertThatThrownBy(() -> catalog.apply(orders, one(event, "active", 3, SCHEMA).contracts(), List.of(), true,
                    "topic not synced yet")).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                    .contains("differs from its contract: partitions 2 -> 3"));
            assertThat(topic(topic)).hasValueSatisfying(t -> assertThat(t.partitions()).as("left as it is").hasSize(2));

            try (Admin admin = Admin.create(kafka())) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
            }
            ApplyReport report = catalog.apply(orders, one(event, "active", 3, SCHEMA).contracts(), List.of(), false,
                    "after the topic operator ran");
            assertThat(report.contracts()).singleElement().satisfies(outcome -> {
                assertThat(outcome.action()).isEqualTo("created");
                assertThat(outcome.changes()).noneMatch(change -> change.contains("topic"));
            });
            assertThat(catalog.product(topic)).isPresent();
        }
    }

    private static void writeCatalogRecord(byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Catalog.TOPIC, 0, key, value)).get();
        }
    }

    @Test
    void answersWithoutATokenWithProblemJson() {
        given().get("/v1/products").then().statusCode(401).contentType("application/problem+json")
                .body("title", equalTo("Unauthorized"));
    }

    private static ApplyRequest one(String event, String status, int partitions, String schema) {
        return TestContracts.request("orders", event,
                TestContracts.yaml("orders", event, status, partitions, "id", ""), schema);
    }

    /** Every demo contract, as the body of {@code POST /v1/contracts}. */
    private static Map<String, Object> demoContracts() throws Exception {
        List<Map<String, Object>> contracts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEMO)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.v[0-9]+\\.yaml")).sorted().toList()) {
                contracts.add(contract(DEMO.relativize(file).toString()));
            }
        }
        return Map.of("contracts", contracts);
    }

    /** One demo contract as an entry of the {@code contracts} list. */
    private static Map<String, Object> contract(String path) throws Exception {
        Path file = DEMO.resolve(path);
        Path avsc = file.resolveSibling(file.getFileName().toString().replace(".yaml", ".avsc"));
        return Map.of("path", path, "yaml", Files.readString(file),
                "schemas", Map.of(avsc.getFileName().toString(), Files.readString(avsc)));
    }

    private static String event() {
        return "catalog-test-" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet();
    }

    private static RequestSpecification as(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }

    private static Map<String, Object> kafka() {
        return TestInfrastructure.shared().kafka().superuserConfig();
    }

    private static Optional<TopicDescription> topic(String name) throws Exception {
        try (Admin admin = Admin.create(kafka())) {
            if (!admin.listTopics().names().get().contains(name)) {
                return Optional.empty();
            }
            return Optional.of(admin.describeTopics(List.of(name)).allTopicNames().get().get(name));
        }
    }

    private static String config(String topic, String key) throws Exception {
        try (Admin admin = Admin.create(kafka())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
        }
    }

    private static List<AuditEvent> auditEvents() throws Exception {
        Properties props = new Properties();
        props.putAll(kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "catalog-test-audit-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<AuditEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(AuditLog.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && events.stream().noneMatch(e -> e.target().equals("orders.order-placed.v2"))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(AuditLog.parse(record.value()));
                }
            }
        }
        return events;
    }
}
