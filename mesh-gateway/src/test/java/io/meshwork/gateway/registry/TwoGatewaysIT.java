package io.meshwork.gateway.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Properties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways as separate processes on one broker: they serve the same registry and
 * catalog, accept writes and events at once without colliding, and a restarted one serves the same ids.
 */
class TwoGatewaysIT {

    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String ORDERS = TestTokens.producer("orders");
    private static Path work;
    private static ServiceProcess first;
    private static ServiceProcess second;

    @BeforeAll
    static void startTwoGateways() {
        work = Folders.temporary("mesh-two-gateways-");
        first = gateway("first");
        second = gateway("second");
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
        Folders.delete(work);
    }

    @Test
    void bothServeWhatEitherRegistered() {
        String subject = Schemas.subject("orders", "two-gateways");

        int id = register(first, subject, Schemas.uniqueOrder(Schemas.ID));

        assertThat((int) as(second).get("/subjects/{s}/versions/latest", subject).then().extract().path("id"))
                .isEqualTo(id);
        assertThat((String) as(second).get("/schemas/ids/{id}", id).then().statusCode(200).extract().path("schema"))
                .isEqualTo(as(first).get("/schemas/ids/{id}", id).then().extract().path("schema"));
    }

    @Test
    void writesAtOnceThroughBothNeverCollideAndSurviveARestart() throws Exception {
        String subject = Schemas.subject("orders", "two-writers");
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> ids = new ArrayList<>();
        try {
            List<Future<List<Integer>>> writes = List.of(pool.submit(() -> registerMany(first, subject, "a", each)),
                    pool.submit(() -> registerMany(second, subject, "b", each)));
            for (Future<List<Integer>> write : writes) {
                ids.addAll(write.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(new HashSet<>(ids)).hasSize(2 * each);
        List<Integer> versionsOnFirst = as(first).get("/subjects/{s}/versions", subject).then().extract().path("");
        List<Integer> versionsOnSecond = as(second).get("/subjects/{s}/versions", subject).then().extract().path("");
        assertThat(versionsOnFirst).hasSize(2 * each).isEqualTo(versionsOnSecond);

        second.stop();
        second = gateway("second-restarted");
        for (int version : versionsOnFirst) {
            int onFirst = as(first).get("/subjects/{s}/versions/{v}", subject, version).then().extract().path("id");
            int onRestarted = as(second).get("/subjects/{s}/versions/{v}", subject, version).then().extract().path("id");
            assertThat(onRestarted).isEqualTo(onFirst);
        }
    }

    @Test
    void bothServeIngestionAtOnceAndNothingIsLostOrDoubled() throws Exception {
        String event = "two-gateways-" + System.nanoTime() % 100_000;
        String topic = "orders." + event + ".v1";
        given().baseUri(first.url().toString()).contentType("application/json").header("Authorization", "Bearer " + ORDERS)
                .body(TestContracts.request("orders", event, TestContracts.yaml("orders", event, "active", 3, "id", ""),
                        Schemas.uniqueOrder(Schemas.ID)))
                .post("/v1/contracts").then().statusCode(200);
        // The second gateway learns the product from _mesh.catalog.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                given().baseUri(second.url().toString()).header("Authorization", "Bearer " + ORDERS)
                        .get("/v1/products/{t}", topic).statusCode() == 200);

        int batches = 20;
        int perBatch = 50;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> publishing = new ArrayList<>();
            for (ServiceProcess gateway : List.of(first, second)) {
                String prefix = gateway == first ? "a" : "b";
                publishing.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < perBatch; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"id\": \"").append(prefix).append('-').append(b)
                                    .append('-').append(i).append("\"}");
                        }
                        given().baseUri(gateway.url().toString()).contentType("application/json")
                                .header("Authorization", "Bearer " + ORDERS).body(body.append("]").toString())
                                .post("/v1/products/{t}/events", topic).then().statusCode(200);
                    }
                }));
            }
            for (Future<?> p : publishing) {
                p.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Properties props = new Properties();
        props.putAll(TestInfrastructure.shared().kafka().superuserConfig());
        props.put("group.id", "two-gateways-" + event);
        props.put("auto.offset.reset", "earliest");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (keys.size() < 2 * batches * perBatch && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        assertThat(keys).hasSize(2 * batches * perBatch).doesNotHaveDuplicates();
    }

    private static List<Integer> registerMany(ServiceProcess gateway, String subject, String prefix, int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(register(gateway, subject, Schemas.order(Schemas.ID,
                    "{\"name\":\"" + prefix + i + "\",\"type\":\"string\",\"default\":\"\"}")));
        }
        return ids;
    }

    private static int register(ServiceProcess gateway, String subject, String schema) {
        return as(gateway).body(RegistryApiTest.request(schema)).post("/subjects/{s}/versions", subject)
                .then().statusCode(200).extract().path("id");
    }

    private static RequestSpecification as(ServiceProcess gateway) {
        return given().baseUri(gateway.url().toString()).basePath("/registry")
                .contentType("application/vnd.schemaregistry.v1+json")
                .header("Authorization", "Bearer " + ORDERS);
    }

    private static ServiceProcess gateway(String name) {
        Map<String, String> config = new HashMap<>(new TestTokens().start());
        config.putAll(TestInfrastructure.shared().kafka().gatewayConfig());
        return ServiceProcess.start("gateway " + name, APP, FreePorts.pick(), "384m", config,
                work.resolve(name + ".log"), Duration.ofSeconds(90));
    }
}
