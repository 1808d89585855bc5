package io.meshwork.gateway.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input as a new user sends it: each answer is a 4xx that says what and where, in the style of
 * the API that was called, never a 5xx and never an empty body.
 */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class BadInputTest {

    private static final String TOPIC = "orders.bad-input.v1";
    private static final String EVENTS = "/v1/products/" + TOPIC + "/events";
    private static final String SCHEMA = """
            {"type": "record", "name": "Priced", "namespace": "io.meshwork.test.bad", "fields": [
              {"name": "id", "type": "string"},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 8, "scale": 2}},
              {"name": "weight", "type": "double"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""";
    private static final String ORDERS = TestTokens.producer("orders");

    @BeforeEach
    void product() {
        as(TestTokens.admin()).body(TestContracts.request("orders", "bad-input",
                TestContracts.yaml("orders", "bad-input", "active", 1, "id", ""), SCHEMA)).post("/v1/contracts").then()
                .statusCode(200);
    }

    private static String event(String price, String weight, String at) {
        return "{\"id\": \"e\", \"price\": " + price + ", \"weight\": " + weight + ", \"at\": " + at + "}";
    }

    @Test
    void aNumberBeyondADoubleIsRejectedNamingTheField() {
        as(ORDERS).body("[" + event("1.00", "1e400", "1") + "]").post(EVENTS).then().statusCode(207)
                .body("results[0].status", equalTo("rejected")).body("results[0].field", equalTo("$.weight"))
                .body("results[0].message", containsString("out of range for a double"));
    }

    @Test
    void aDecimalWithAHugeExponentIsRejectedWithoutExpandingIt() {
        for (String price : new String[] {"\"1e1000000000\"", "\"1e1000000\"", "\"1e-1000000000\"", "1e400"}) {
            as(ORDERS).body("[" + event(price, "1.0", "1") + "]").post(EVENTS).then().statusCode(207)
                    .body("results[0].field", equalTo("$.price"))
                    .body("results[0].message.length()", lessThan(300));
        }
    }

    @Test
    void anEventTimeKafkaCannotKeepIsRejected() {
        as(ORDERS).body("[{\"id\": \"y1\", \"time\": \"0001-01-01T00:00:00Z\", \"data\": " + event("1.00", "1.0", "1")
                + "}]").post(EVENTS).then().statusCode(207)
                .body("results[0].status", equalTo("rejected")).body("results[0].field", equalTo("$.time"))
                .body("results[0].message", containsString("before 1970-01-01"));
        as(ORDERS).body("[" + event("1.00", "1.0", "\"+999999999-12-31T23:59:59Z\"") + "]").post(EVENTS).then()
                .statusCode(207).body("results[0].message", containsString("out of range for a timestamp"));
    }

    @Test
    void anEventLargerThanKafkaTakesIsRefusedBeforeAnythingIsSent() {
        String huge = "{\"id\": \"" + "x".repeat(600_000) + "\", \"price\": 1, \"weight\": 1, \"at\": 1}";
        as(ORDERS).body("[" + huge + "]").post(EVENTS).then().statusCode(413).contentType(Problems.MEDIA_TYPE)
                .body("title", equalTo("Event too large")).body("detail", containsString("mesh.ingest.max-event-size"));
    }

    @Test
    void anythingAfterTheBatchIsRefused() {
        as(ORDERS).body("[" + event("1.00", "1.0", "1") + "] garbage").post(EVENTS).then().statusCode(400)
                .contentType(Problems.MEDIA_TYPE).body("title", equalTo("Unreadable JSON"));
    }

    @Test
    void theWrongMediaTypeOrAnUnknownPathAnswersWithABody() {
        given().header("Authorization", "Bearer " + ORDERS).contentType("text/plain").body("x").post(EVENTS).then()
                .statusCode(415).contentType(Problems.MEDIA_TYPE).body("detail", containsString("application/json"));
        as(ORDERS).get("/v1/nothing-here").then().statusCode(404).contentType(Problems.MEDIA_TYPE);
        as(ORDERS).patch("/v1/products").then().statusCode(405).contentType(Problems.MEDIA_TYPE);
        given().header("Authorization", "Bearer " + ORDERS).get("/registry/nothing-here").then().statusCode(404)
                .body("error_code", equalTo(404));
        registry().get("/subjects/" + "s".repeat(5000) + "/versions").then().statusCode(404)
                .body("error_code", equalTo(40401));
    }

    @Test
    void aBodyLargerThanTheGatewayReadsAnswersWithABody() {
        as(ORDERS).body("[" + "1,".repeat(6_000_000) + "1]").post(EVENTS).then().statusCode(413)
                .contentType(Problems.MEDIA_TYPE).body("detail", containsString("bytes"));
    }

    @Test
    void theRegistryAnswersItsOwnWayToBodiesItCannotRead() {
        registry().body("not json").post("/subjects/orders.x.v1-value/versions").then().statusCode(400)
                .body("error_code", equalTo(400)).body("message", containsString("not the JSON"));
        String huge = "{\"type\":\"record\",\"name\":\"Big\",\"doc\":\"" + "d".repeat(300_000)
                + "\",\"fields\":[]}";
        registry().body(Map.of("schema", huge)).post("/subjects/orders.big.v1-value/versions").then().statusCode(422)
                .body("error_code", equalTo(42201)).body("message", containsString("at most"));
    }

    @Test
    void theControlPlaneRefusesNullsAndAbsurdDurations() {
        as(TestTokens.admin()).body("{\"contracts\": [null]}").post("/v1/contracts").then().statusCode(422)
                .body("problems[0]", containsString("contracts[0]"));
        as(TestTokens.admin()).body(TestContracts.request("orders", "forever",
                TestContracts.yaml("orders", "forever", "active", 1, null, "").replace("        value: 1\n",
                        "        value: 1\n      - property: retention\n        value: P999999999999D\n"), SCHEMA)).post("/v1/contracts").then()
                .statusCode(422).body("problems[0]", containsString("longer than the 36500 days"));
    }

    private static RequestSpecification as(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }

    private static RequestSpecification registry() {
        return given().basePath("/registry").contentType("application/vnd.schemaregistry.v1+json")
                .header("Authorization", "Bearer " + ORDERS);
    }
}
