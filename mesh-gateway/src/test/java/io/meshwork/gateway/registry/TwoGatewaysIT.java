package io.meshwork.gateway.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways as separate processes on one broker: they serve the same registry, accept
 * writes at once without colliding, and a restarted one serves the same ids.
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
        config.put("kafka.bootstrap.servers", TestInfrastructure.shared().kafka().bootstrapServers());
        return ServiceProcess.start("gateway " + name, APP, FreePorts.pick(), "384m", config,
                work.resolve(name + ".log"), Duration.ofSeconds(90));
    }
}
