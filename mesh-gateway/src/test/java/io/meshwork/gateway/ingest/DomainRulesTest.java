package io.meshwork.gateway.ingest;

import io.meshwork.core.api.ApplyRequest;
import io.meshwork.core.api.DomainFile;
import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** What a domain definition enforces on ingestion: its source allowlist, its token subjects and its quota. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class DomainRulesTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Invoice\",\"namespace\":\"io.meshwork.test.billing\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    @Test
    void publishesOnlyFromAllowedSources() {
        String domain = domain();
        String token = TestTokens.producer(domain);
        String topic = apply(token, domain, "allowlist: [10.0.0.0/8]");

        as(token).body(events(1)).post("/v1/products/{t}/events", topic).then().statusCode(403)
                .body("title", equalTo("Source not allowed")).body("detail", containsString("127.0.0.1"));

        apply(token, domain, "allowlist: [10.0.0.0/8, 127.0.0.0/8, \"::1/128\"]");
        as(token).body(events(1)).post("/v1/products/{t}/events", topic).then().statusCode(200);
    }

    @Test
    void publishesOnlyWithTheDomainsTokenSubjects() {
        String domain = domain();
        String token = TestTokens.producer(domain);
        String topic = apply(token, domain, "tokenSubjects: [" + domain + "-backoffice]");

        as(token).body(events(1)).post("/v1/products/{t}/events", topic).then().statusCode(403)
                .body("title", equalTo("Not a token subject of the domain"));
        as(TestTokens.admin()).body(events(1)).post("/v1/products/{t}/events", topic).then().statusCode(200);
    }

    @Test
    void throttlesADomainAboveItsQuota() {
        String domain = domain();
        String token = TestTokens.producer(domain);
        String topic = apply(token, domain, "quota: {eventsPerSecond: 5}");

        as(token).body(events(5)).post("/v1/products/{t}/events", topic).then().statusCode(200);
        as(token).body(events(5)).post("/v1/products/{t}/events", topic).then().statusCode(429)
                .header("Retry-After", notNullValue()).body("title", equalTo("Quota exceeded"));
        as(token).body(events(6)).post("/v1/products/{t}/events", topic).then().statusCode(413)
                .body("title", equalTo("Batch above quota"));
    }

    @Test
    void showsTheDefinitionAndReappliesItWithoutChange() {
        String domain = domain();
        String token = TestTokens.producer(domain);
        apply(token, domain, "quota: {eventsPerSecond: 50}");

        as(token).body(request(domain, "quota: {eventsPerSecond: 50}")).post("/v1/contracts").then().statusCode(200)
                .body("domains[0].action", equalTo("unchanged"));
        as(TestTokens.consumer("analytics")).get("/v1/domains").then().statusCode(200)
                .body("find { it.domain == '" + domain + "' }.owner", equalTo("billing-team"))
                .body("find { it.domain == '" + domain + "' }.quotaEventsPerSecond", equalTo(50));
        as(TestTokens.producer("orders")).body(request(domain, "")).post("/v1/contracts").then().statusCode(403);
        as(token).body(Map.of("domains", List.of(Map.of("path", domain + "/domain.yaml",
                        "yaml", "domain: " + domain + "\nteam: billing-team\nallowlist: [nowhere]\n"))))
                .post("/v1/contracts").then().statusCode(422)
                .body("problems", hasItem(containsString("'nowhere' is not a network in CIDR notation")));
    }

    private static String apply(String token, String domain, String rules) {
        as(token).body(request(domain, rules)).post("/v1/contracts").then().statusCode(200);
        return domain + ".invoice-sent.v1";
    }

    private static ApplyRequest request(String domain, String rules) {
        String definition = "domain: " + domain + "\nteam: billing-team\ncontacts: [billing@example.com]\n" + rules + "\n";
        return new ApplyRequest(List.of(TestContracts.contract(domain, "invoice-sent",
                TestContracts.yaml(domain, "invoice-sent", "active", 1, null, ""), SCHEMA)),
                List.of(new DomainFile(domain + "/domain.yaml", definition)));
    }

    private static String events(int count) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\": \"inv-").append(i).append("\"}");
        }
        return body.append("]").toString();
    }

    private static String domain() {
        return "billing" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet();
    }

    private static RequestSpecification as(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }
}
