package io.meshwork.gateway.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions and grants over HTTP: checked against the sources' schemas, owned by their consumer. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class SubscriptionApiTest {

    private static final String PRODUCT = "parcels.parcel-sent.v1";
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"ParcelSent\",\"namespace\":\"io.meshwork.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"recipient\",\"type\":\"string\"},"
            + "{\"name\":\"weight\",\"type\":\"double\"}]}";

    @BeforeEach
    void product() {
        String yaml = TestContracts.yaml("parcels", "parcel-sent", "active", 2, "id",
                java.util.Map.of("recipient", "pii"), "");
        as(TestTokens.admin()).body(TestContracts.request("parcels", "parcel-sent", yaml, SCHEMA)).post("/v1/contracts")
                .then().statusCode(200);
    }

    @Test
    void aConsumerCreatesChangesListsAndRemovesItsSubscription() throws Exception {
        String ops = TestTokens.consumer("ops");
        Map<String, Object> heavy = Map.of("sources", List.of(PRODUCT), "filter", "message.weight > 2.0",
                "fields", List.of("id", "weight"));

        as(ops).header("X-Mesh-Reason", "route heavy parcels").body(heavy).put("/v1/subscriptions/heavy-parcels").then()
                .statusCode(201).body("consumer", equalTo("ops")).body("version", equalTo(1))
                .body("deliveryTopic", equalTo("_sub.ops.heavy-parcels"))
                .body("events", equalTo("/v1/subscriptions/heavy-parcels/events"));
        try (Admin admin = Admin.create(TestInfrastructure.shared().kafka().superuserConfig())) {
            assertThat(admin.describeTopics(List.of("_sub.ops.heavy-parcels")).allTopicNames().get()
                    .get("_sub.ops.heavy-parcels").partitions()).hasSize(3);
        }
        as(ops).body(heavy).put("/v1/subscriptions/heavy-parcels").then().statusCode(200).body("version", equalTo(1));
        as(ops).body(Map.of("sources", List.of(PRODUCT), "filter", "message.weight > 5.0"))
                .put("/v1/subscriptions/heavy-parcels").then().statusCode(200).body("version", equalTo(2))
                .body("filter", equalTo("message.weight > 5.0")).body("fields", hasSize(0));

        as(ops).get("/v1/subscriptions").then().statusCode(200).body("name", hasItem("heavy-parcels"));
        as(TestTokens.consumer("someone-else")).get("/v1/subscriptions/heavy-parcels").then().statusCode(404);
        as(TestTokens.admin()).queryParam("consumer", "ops").get("/v1/subscriptions/heavy-parcels").then()
                .statusCode(200).body("version", equalTo(2));

        as(ops).delete("/v1/subscriptions/heavy-parcels").then().statusCode(204);
        as(ops).get("/v1/subscriptions/heavy-parcels").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Unknown subscription"));
        try (Admin admin = Admin.create(TestInfrastructure.shared().kafka().superuserConfig())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .as("the delivery topic goes with its subscription").doesNotContain("_sub.ops.heavy-parcels"));
        }
    }

    @Test
    void aSubscriptionMayNotReadPersonalDataItsConsumerHasNoGrantFor() {
        String auditor = TestTokens.consumer("auditor");
        as(auditor).body(Map.of("sources", List.of(PRODUCT), "filter", "message.recipient.startsWith('A')"))
                .put("/v1/subscriptions/by-recipient").then().statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Personal data without a grant"))
                .body("problems", hasItem("filter: reads recipient, and recipient of " + PRODUCT + " is personal data"));
        as(auditor).body(Map.of("sources", List.of(PRODUCT), "fields", List.of("id", "recipient")))
                .put("/v1/subscriptions/recipients").then().statusCode(403)
                .body("problems", hasItem("fields: recipient holds recipient of " + PRODUCT + ", which is personal data"));
        as(auditor).body(Map.of("sources", List.of(PRODUCT), "filter", "message == message"))
                .put("/v1/subscriptions/everything").then().statusCode(403)
                .body("problems[0]", containsString("reads the whole event"));

        as(TestTokens.producer("parcels")).put("/v1/products/{t}/grants/auditor", PRODUCT).then().statusCode(200);
        as(auditor).body(Map.of("sources", List.of(PRODUCT), "filter", "message.recipient.startsWith('A')"))
                .put("/v1/subscriptions/by-recipient").then().statusCode(201);
        as(TestTokens.producer("parcels")).delete("/v1/products/{t}/grants/auditor", PRODUCT).then().statusCode(204);
    }

    @Test
    void rejectsSubscriptionsThatCannotWorkAndSaysWhy() {
        String ops = TestTokens.consumer("ops");
        as(ops).body(Map.of("sources", List.of("parcels.nothing.v1"))).put("/v1/subscriptions/nothing").then()
                .statusCode(422).contentType("application/problem+json")
                .body("problems", hasItem(containsString("parcels.nothing.v1 is not a product in the catalog")));
        as(ops).body(Map.of("sources", List.of(PRODUCT), "filter", "message.colour == 'red'"))
                .put("/v1/subscriptions/red").then().statusCode(422)
                .body("problems[0]", containsString("filter: does not compile against " + PRODUCT));
        as(ops).body(Map.of("sources", List.of(PRODUCT), "fields", List.of("id", "sender.name")))
                .put("/v1/subscriptions/senders").then().statusCode(422)
                .body("problems[0]", containsString("'sender.name' is not a field of " + PRODUCT));
        as(ops).body(Map.of("sources", List.of(PRODUCT))).put("/v1/subscriptions/Not_Kebab").then().statusCode(422)
                .body("detail", containsString("lower-kebab"));
        as(ops).body(Map.of()).put("/v1/subscriptions/empty").then().statusCode(422).body("title", equalTo("No sources"));
        as(ops).body("{\"sources\": [null]}").put("/v1/subscriptions/nulls").then().statusCode(422)
                .body("problems[0]", equalTo("sources: holds null"));
        String costly = "[" + "1,".repeat(999) + "1]";
        as(ops).body(Map.of("sources", List.of(PRODUCT), "filter", costly + ".all(a, " + costly + ".all(b, a == b))"))
                .put("/v1/subscriptions/costly").then().statusCode(422)
                .body("problems[0]", containsString("more than the 100000 allowed"));
        as(ops).queryParam("consumer", "billing").body(Map.of("sources", List.of(PRODUCT)))
                .put("/v1/subscriptions/theirs").then().statusCode(403);
        given().contentType("application/json").body(Map.of("sources", List.of(PRODUCT)))
                .put("/v1/subscriptions/anonymous").then().statusCode(401);
    }

    @Test
    void onlyTheProductsDomainGrantsItsPersonalData() {
        as(TestTokens.consumer("ops")).put("/v1/products/{t}/grants/ops", PRODUCT).then().statusCode(403);
        as(TestTokens.producer("orders")).put("/v1/products/{t}/grants/ops", PRODUCT).then().statusCode(403)
                .body("title", equalTo("Not your domain"));

        as(TestTokens.producer("parcels")).header("X-Mesh-Reason", "ops calls recipients")
                .put("/v1/products/{t}/grants/ops", PRODUCT).then().statusCode(200)
                .body("consumer", equalTo("ops")).body("grantedBy", equalTo("parcels-service"));
        as(TestTokens.consumer("ops")).get("/v1/products/{t}/grants", PRODUCT).then().statusCode(200)
                .body("consumer", hasItem("ops"));

        as(TestTokens.producer("parcels")).delete("/v1/products/{t}/grants/ops", PRODUCT).then().statusCode(204);
        as(TestTokens.producer("parcels")).delete("/v1/products/{t}/grants/ops", PRODUCT).then().statusCode(404);
    }

    private static RequestSpecification as(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }
}
