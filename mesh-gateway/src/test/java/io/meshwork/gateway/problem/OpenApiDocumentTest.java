package io.meshwork.gateway.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.json.MeshJson;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every body the API answers with, so that clients can be generated from it. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void describesTheBodyOfEverySuccessfulAnswer() throws Exception {
        JsonNode document = MeshJson.mapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        List<String> undescribed = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (!path.getKey().startsWith("/v1") && !path.getKey().startsWith("/registry")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                operations++;
                for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    boolean success = response.getKey().startsWith("2") && !response.getKey().equals("204");
                    JsonNode content = response.getValue().path("content");
                    boolean stream = content.has("text/event-stream");
                    boolean described = content.properties().stream().anyMatch(c -> c.getValue().has("schema"));
                    if (success && !stream && !described) {
                        undescribed.add(operation.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey());
                    }
                }
            }
        }

        assertThat(operations).isGreaterThan(40);
        assertThat(undescribed).as("answers without a schema").isEmpty();
        assertThat(document.path("components").path("schemas").properties().stream().map(Map.Entry::getKey))
                .contains("ProductDetail", "ProductSummary", "DomainView", "ApplyReport", "PublishReport",
                        "SubscriptionView", "ReprocessReport", "RegisteredSchema", "CompatibilityCheck", "Problem");
    }
}
