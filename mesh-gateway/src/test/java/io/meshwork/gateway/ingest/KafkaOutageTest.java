package io.meshwork.gateway.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.kafka.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When Kafka goes away, publishing answers 503 with Retry-After and a status per event, never a silent 200. */
@QuarkusTest
@QuarkusTestResource(value = KafkaOutageTest.OwnBroker.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestTokens.class, restrictToAnnotatedClass = true)
class KafkaOutageTest {

    /** A broker for this test alone, which the test stops. */
    public static final class OwnBroker implements QuarkusTestResourceLifecycleManager {

        static TestKafka kafka;

        @Override
        public Map<String, String> start() {
            kafka = TestKafka.start();
            Map<String, String> config = new HashMap<>(kafka.gatewayConfig());
            config.put("mesh.ingest.send-timeout", "5s");
            return config;
        }

        @Override
        public void stop() {
            kafka.close();
        }
    }

    @Test
    void answers503WithRetryAfterWhenKafkaIsDown() {
        String token = TestTokens.producer("orders");
        given().contentType("application/json").header("Authorization", "Bearer " + token)
                .body(TestContracts.request("orders", "outage-probe",
                        TestContracts.yaml("orders", "outage-probe", "active", 1, null, ""),
                        "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"))
                .post("/v1/contracts").then().statusCode(200);
        String event = "[{\"id\": \"before\"}]";
        given().contentType("application/json").header("Authorization", "Bearer " + token).body(event)
                .post("/v1/products/orders.outage-probe.v1/events").then().statusCode(200);

        OwnBroker.kafka.close();

        given().contentType("application/json").header("Authorization", "Bearer " + token).body("[{\"id\": \"during\"}]")
                .post("/v1/products/orders.outage-probe.v1/events").then().statusCode(503)
                .header("Retry-After", "5").contentType("application/problem+json")
                .body("results[0].status", equalTo("failed"))
                .body("results[0].message", containsString("send it again"));
        given().get("/q/health/ready").then().statusCode(503);
    }
}
