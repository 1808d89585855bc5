package io.meshwork.gateway.registry;

import static io.meshwork.gateway.registry.Schemas.AMOUNT;
import static io.meshwork.gateway.registry.Schemas.AMOUNT_STRING;
import static io.meshwork.gateway.registry.Schemas.ID;
import static io.meshwork.gateway.registry.Schemas.NOTE;
import static io.meshwork.gateway.registry.Schemas.NOTE_DEFAULT;
import static io.meshwork.gateway.registry.Schemas.order;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Confluent's registry API over real HTTP, stored in {@code _mesh.schemas} on a real broker. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class RegistryApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = TestTokens.producer("orders");

    @Test
    void refusesCallsWithoutAValidToken() {
        given().basePath("/registry").when().get("/subjects")
                .then().statusCode(401).body("error_code", equalTo(40101));
        as(TestTokens.forged()).when().get("/subjects")
                .then().statusCode(401).body("error_code", equalTo(40101));
        // Ten seconds past its expiry: beyond the 5 s allowed for clock skew.
        as(TestTokens.expired(java.time.Duration.ofSeconds(10))).when().get("/subjects")
                .then().statusCode(401).body("error_code", equalTo(40101));
    }

    @Test
    void verifiesATokenOnceForManyRequests() {
        String reader = TestTokens.consumer("registry-reader-" + System.nanoTime());
        for (int i = 0; i < 3; i++) {
            as(reader).when().get("/subjects").then().statusCode(200);
        }

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("cache_gets_total\\{cache=\"mesh.auth.verified-tokens\",result=\"hit\"} [1-9]");
    }

    @Test
    void leavesHealthAndMetricsOpen() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("schema-registry"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void registersLooksUpAndServesASchema() {
        String subject = Schemas.subject("orders", "order-placed");
        String schema = Schemas.uniqueOrder(ID, AMOUNT);

        int id = register(ORDERS, subject, schema);

        String canonical = new Schema.Parser().parse(schema).toString();
        as(ORDERS).get("/subjects/{s}/versions", subject).then().statusCode(200).body("", contains(1));
        as(ORDERS).get("/subjects/{s}/versions/latest", subject).then().statusCode(200)
                .body("subject", equalTo(subject)).body("version", equalTo(1)).body("id", equalTo(id))
                .body("schema", equalTo(canonical));
        as(ORDERS).get("/subjects/{s}/versions/1/schema", subject).then().statusCode(200).body("name", equalTo("Order"));
        as(ORDERS).get("/schemas/ids/{id}", id).then().statusCode(200).body("schema", equalTo(canonical));
        as(ORDERS).get("/schemas/ids/{id}/schema", id).then().statusCode(200).body("type", equalTo("record"));
        as(ORDERS).get("/schemas/ids/{id}/versions", id).then().statusCode(200)
                .body("subject", contains(subject)).body("version", contains(1));
        as(ORDERS).get("/schemas/ids/{id}/subjects", id).then().statusCode(200).body("", contains(subject));
        as(ORDERS).get("/subjects").then().statusCode(200).body("", hasItem(subject));
        as(ORDERS).queryParam("subjectPrefix", subject).get("/subjects").then().body("", contains(subject));
        as(ORDERS).get("/schemas/types").then().statusCode(200).body("", contains("AVRO"));
        as(ORDERS).get("/subjects/{s}/versions/1/referencedby", subject).then().statusCode(200).body("", empty());
        as(ORDERS).body(request(schema.replace(",", " ,  "))).post("/subjects/{s}", subject).then().statusCode(200)
                .body("id", equalTo(id)).body("version", equalTo(1));
    }

    @Test
    void givesTheSameSchemaTheSameIdAcrossVersionsAndSubjects() {
        String subject = Schemas.subject("orders", "order-placed");
        String other = Schemas.subject("orders", "order-archived");
        String schema = order(ID, AMOUNT);

        int first = register(ORDERS, subject, schema);
        int again = register(ORDERS, subject, "  " + schema + "\n");
        int elsewhere = register(ORDERS, other, schema);

        assertThat(again).isEqualTo(first);
        assertThat(elsewhere).isEqualTo(first);
        as(ORDERS).get("/subjects/{s}/versions", subject).then().body("", contains(1));
        as(ORDERS).get("/schemas/ids/{id}/subjects", first).then().body("", hasItem(other));
    }

    @Test
    void refusesABreakingChangeWithWhatBreaksAndWhereToGo() {
        String subject = Schemas.subject("orders", "order-placed");
        register(ORDERS, subject, order(ID, AMOUNT));

        as(ORDERS).body(request(order(ID, AMOUNT_STRING))).post("/subjects/{s}/versions", subject)
                .then().statusCode(409).body("error_code", equalTo(409))
                .body("message", containsString("incompatible with an earlier schema"))
                .body("message", containsString("FULL_TRANSITIVE"))
                .body("message", containsString("TYPE_MISMATCH"))
                .body("message", containsString("/fields/1/type"))
                .body("message", containsString("publish it as " + subject.replace(".v1-value", ".v2")));

        int evolved = register(ORDERS, subject, order(ID, AMOUNT, NOTE_DEFAULT));
        as(ORDERS).get("/subjects/{s}/versions/2", subject).then().body("id", equalTo(evolved));
    }

    @Test
    void testsCompatibilityWithAndWithoutDetails() {
        String subject = Schemas.subject("orders", "order-placed");
        register(ORDERS, subject, order(ID, AMOUNT));

        as(ORDERS).body(request(order(ID, AMOUNT, NOTE))).queryParam("verbose", true)
                .post("/compatibility/subjects/{s}/versions/latest", subject)
                .then().statusCode(200).body("is_compatible", equalTo(false))
                .body("messages[0]", containsString("READER_FIELD_MISSING_DEFAULT_VALUE"));
        as(ORDERS).body(request(order(ID, AMOUNT, NOTE_DEFAULT)))
                .post("/compatibility/subjects/{s}/versions", subject)
                .then().statusCode(200).body("is_compatible", equalTo(true)).body("messages", equalTo(null));
        as(ORDERS).body(request(order(ID))).post("/compatibility/subjects/{s}/versions/7", subject)
                .then().statusCode(404).body("error_code", equalTo(40402));
    }

    @Test
    void keepsConfigPerSubjectAndForTheRegistry() {
        String subject = Schemas.subject("orders", "order-placed");
        register(ORDERS, subject, order(ID, AMOUNT));

        as(ORDERS).get("/config").then().statusCode(200).body("compatibilityLevel", equalTo("FULL_TRANSITIVE"));
        as(ORDERS).get("/config/{s}", subject).then().statusCode(404).body("error_code", equalTo(40408));
        as(ORDERS).queryParam("defaultToGlobal", true).get("/config/{s}", subject)
                .then().body("compatibilityLevel", equalTo("FULL_TRANSITIVE"));

        as(ORDERS).body("{\"compatibility\":\"NONE\"}").put("/config/{s}", subject)
                .then().statusCode(200).body("compatibility", equalTo("NONE"));
        as(ORDERS).get("/config/{s}", subject).then().body("compatibilityLevel", equalTo("NONE"));
        register(ORDERS, subject, order(ID, AMOUNT_STRING));

        as(ORDERS).body("{\"compatibility\":\"SOMETIMES\"}").put("/config/{s}", subject)
                .then().statusCode(422).body("error_code", equalTo(42203));
        as(ORDERS).delete("/config/{s}", subject).then().statusCode(200).body("compatibilityLevel", equalTo("NONE"));
        as(ORDERS).get("/config/{s}", subject).then().statusCode(404);

        as(ORDERS).body("{\"compatibility\":\"NONE\"}").put("/config").then().statusCode(403)
                .body("error_code", equalTo(40301)).body("message", containsString("only an admin"));
    }

    @Test
    void letsAnAdminChangeAndResetRegistryWideSettings() {
        String admin = TestTokens.admin();
        try {
            as(admin).body("{\"compatibility\":\"BACKWARD\"}").put("/config").then().statusCode(200)
                    .body("compatibility", equalTo("BACKWARD"));
            as(ORDERS).get("/config").then().body("compatibilityLevel", equalTo("BACKWARD"));
            as(admin).body("{\"mode\":\"READONLY\"}").put("/mode").then().statusCode(200).body("mode", equalTo("READONLY"));
            as(ORDERS).body(request(order(ID))).post("/subjects/{s}/versions", Schemas.subject("orders", "frozen"))
                    .then().statusCode(422).body("error_code", equalTo(42205));
            as(ORDERS).body("{\"mode\":\"READWRITE\"}").put("/mode").then().statusCode(403);
        } finally {
            as(admin).delete("/mode").then().statusCode(200).body("mode", equalTo("READONLY"));
            as(admin).delete("/config").then().statusCode(200).body("compatibilityLevel", equalTo("BACKWARD"));
        }
        as(ORDERS).get("/mode").then().body("mode", equalTo("READWRITE"));
        as(ORDERS).get("/config").then().body("compatibilityLevel", equalTo("FULL_TRANSITIVE"));
    }

    @Test
    void refusesNewSchemasInReadOnlyMode() {
        String subject = Schemas.subject("orders", "order-placed");
        register(ORDERS, subject, order(ID, AMOUNT));

        as(ORDERS).get("/mode").then().statusCode(200).body("mode", equalTo("READWRITE"));
        as(ORDERS).body("{\"mode\":\"READONLY\"}").put("/mode/{s}", subject).then().statusCode(200)
                .body("mode", equalTo("READONLY"));
        as(ORDERS).get("/mode/{s}", subject).then().body("mode", equalTo("READONLY"));

        as(ORDERS).body(request(order(ID, AMOUNT, NOTE_DEFAULT))).post("/subjects/{s}/versions", subject)
                .then().statusCode(422).body("error_code", equalTo(42205));

        as(ORDERS).body("{\"mode\":\"SOMETIMES\"}").put("/mode/{s}", subject).then().statusCode(422)
                .body("error_code", equalTo(42204));
        as(ORDERS).delete("/mode/{s}", subject).then().statusCode(200).body("mode", equalTo("READONLY"));
        register(ORDERS, subject, order(ID, AMOUNT, NOTE_DEFAULT));
    }

    @Test
    void importsSchemasWithTheirOriginalIdsAndVersionsInImportMode() throws Exception {
        String subject = Schemas.subject("orders", "imported");
        String v1 = Schemas.uniqueOrder(ID);
        String v2 = Schemas.uniqueOrder(ID, AMOUNT_STRING);
        int id = 900_000 + (int) (System.nanoTime() % 90_000);

        as(ORDERS).body(imported(v1, id, 3)).post("/subjects/{s}/versions", subject).then().statusCode(422)
                .body("error_code", equalTo(42205)).body("message", containsString("IMPORT mode"));
        as(ORDERS).body("{\"mode\":\"IMPORT\"}").put("/mode/{s}", subject).then().statusCode(200);

        as(ORDERS).body(imported(v1, id, 3)).post("/subjects/{s}/versions", subject).then().statusCode(200)
                .body("id", equalTo(id));
        as(ORDERS).body(imported(v2, id + 1, 7)).post("/subjects/{s}/versions", subject).then().statusCode(200);
        as(ORDERS).body(imported(v1, id, 3)).post("/subjects/{s}/versions", subject).then().statusCode(200);
        as(ORDERS).body(imported(v2, id, 8)).post("/subjects/{s}/versions", subject).then().statusCode(422)
                .body("message", containsString("already names another schema"));
        as(ORDERS).delete("/mode/{s}", subject).then().statusCode(200);

        as(ORDERS).get("/subjects/{s}/versions", subject).then().body("", contains(3, 7));
        as(ORDERS).get("/subjects/{s}/versions/7", subject).then().body("id", equalTo(id + 1));
        int next = register(ORDERS, Schemas.subject("orders", "after-import"), Schemas.uniqueOrder(ID, NOTE));
        assertThat(next).as("new ids continue after imported ones").isGreaterThan(id + 1);
    }

    @Test
    void deletesSoftlyFirstThenPermanently() {
        String subject = Schemas.subject("orders", "order-placed");
        register(ORDERS, subject, Schemas.uniqueOrder(ID, AMOUNT));
        int second = register(ORDERS, subject, Schemas.uniqueOrder(ID, AMOUNT, NOTE_DEFAULT));

        as(ORDERS).delete("/subjects/{s}/versions/2?permanent=true", subject).then().statusCode(404)
                .body("error_code", equalTo(40407));
        as(ORDERS).delete("/subjects/{s}/versions/2", subject).then().statusCode(200).body(equalTo("2"));
        as(ORDERS).delete("/subjects/{s}/versions/2", subject).then().statusCode(404).body("error_code", equalTo(40406));
        as(ORDERS).get("/subjects/{s}/versions", subject).then().body("", contains(1));
        as(ORDERS).queryParam("deleted", true).get("/subjects/{s}/versions", subject).then().body("", contains(1, 2));
        as(ORDERS).get("/subjects/{s}/versions/2", subject).then().statusCode(404).body("error_code", equalTo(40402));
        as(ORDERS).queryParam("deleted", true).get("/subjects/{s}/versions/2", subject).then().statusCode(200)
                .body("id", equalTo(second));
        as(ORDERS).delete("/subjects/{s}/versions/2?permanent=true", subject).then().statusCode(200);

        as(ORDERS).delete("/subjects/{s}?permanent=true", subject).then().statusCode(404).body("error_code", equalTo(40405));
        as(ORDERS).delete("/subjects/{s}", subject).then().statusCode(200).body("", contains(1));
        as(ORDERS).delete("/subjects/{s}", subject).then().statusCode(404).body("error_code", equalTo(40404));
        as(ORDERS).get("/subjects").then().body("", not(hasItem(subject)));
        as(ORDERS).queryParam("deleted", true).get("/subjects").then().body("", hasItem(subject));
        as(ORDERS).delete("/subjects/{s}?permanent=true", subject).then().statusCode(200).body("", contains(1));
        as(ORDERS).queryParam("deleted", true).get("/subjects/{s}/versions", subject).then().statusCode(404)
                .body("error_code", equalTo(40401));
        as(ORDERS).get("/schemas/ids/{id}", second).then().statusCode(404).body("error_code", equalTo(40403));
    }

    @Test
    void answersBadRequestsWithConfluentErrorCodes() {
        String subject = Schemas.subject("orders", "order-placed");
        as(ORDERS).get("/subjects/{s}/versions", subject).then().statusCode(404).body("error_code", equalTo(40401));
        register(ORDERS, subject, order(ID, AMOUNT));

        as(ORDERS).get("/subjects/{s}/versions/9", subject).then().statusCode(404).body("error_code", equalTo(40402));
        as(ORDERS).get("/subjects/{s}/versions/first", subject).then().statusCode(422).body("error_code", equalTo(42202));
        as(ORDERS).get("/schemas/ids/999999").then().statusCode(404).body("error_code", equalTo(40403));
        as(ORDERS).body(request(order(ID))).post("/subjects/{s}", subject).then().statusCode(404)
                .body("error_code", equalTo(40403));
        as(ORDERS).body(request("{\"type\":\"record\",\"name\":\"Broken\"}")).post("/subjects/{s}/versions", subject)
                .then().statusCode(422).body("error_code", equalTo(42201)).body("message", containsString("Invalid schema"));
        as(ORDERS).body("{\"schema\":\"" + "{\\\"type\\\":\\\"string\\\"}" + "\",\"schemaType\":\"PROTOBUF\"}")
                .post("/subjects/{s}/versions", subject).then().statusCode(422).body("error_code", equalTo(42201));
    }

    @Test
    void letsOnlyTheOwningDomainOrAnAdminChangeASubject() {
        String subject = Schemas.subject("orders", "order-placed");

        as(TestTokens.producer("customers")).body(request(order(ID))).post("/subjects/{s}/versions", subject)
                .then().statusCode(403).body("error_code", equalTo(40301))
                .body("message", containsString("belongs to domain orders"));
        as(TestTokens.consumer("analytics")).body(request(order(ID))).post("/subjects/{s}/versions", subject)
                .then().statusCode(403);
        as(ORDERS).body(request(order(ID))).post("/subjects/{s}/versions", "not-a-product-value")
                .then().statusCode(403).body("message", containsString("only an admin"));

        int id = register(TestTokens.admin(), subject, order(ID));
        as(TestTokens.consumer("analytics")).get("/schemas/ids/{id}", id).then().statusCode(200);
        as(TestTokens.producer("customers")).delete("/subjects/{s}", subject).then().statusCode(403);
    }

    @Test
    void letsAnAdminOverrideTheCompatibilityCheckWithAReason() {
        String subject = Schemas.subject("orders", "order-placed");
        register(ORDERS, subject, order(ID, AMOUNT));

        as(ORDERS).header("X-Mesh-Override-Reason", "we know").body(request(order(ID, AMOUNT_STRING)))
                .post("/subjects/{s}/versions", subject).then().statusCode(403);
        as(TestTokens.admin()).header("X-Mesh-Override-Reason", "INC-42: no consumer reads amount yet")
                .body(request(order(ID, AMOUNT_STRING))).post("/subjects/{s}/versions", subject)
                .then().statusCode(200);

        as(ORDERS).get("/subjects/{s}/versions", subject).then().body("", contains(1, 2));
    }

    private static String imported(String schema, int id, int version) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("schema", schema, "id", id, "version", version));
    }

    static int register(String token, String subject, String schema) {
        return as(token).body(request(schema)).post("/subjects/{s}/versions", subject)
                .then().statusCode(200).extract().path("id");
    }

    static RequestSpecification as(String token) {
        return given().basePath("/registry")
                .contentType("application/vnd.schemaregistry.v1+json")
                .accept("application/vnd.schemaregistry.v1+json")
                .header("Authorization", "Bearer " + token);
    }

    static String request(String schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
