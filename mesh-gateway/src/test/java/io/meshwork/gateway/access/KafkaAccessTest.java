package io.meshwork.gateway.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.kafka.TestKafka;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka access on a real broker, as the catalog implies it: no anonymous client, a domain writes only
 * its own products, personal data only with a grant, internal topics only for the mesh's services.
 * Every client here gets its credentials the way a user does, from {@code POST /v1/kafka/credentials}.
 */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class KafkaAccessTest {

    private static final String SHIPMENTS = "shipping.shipment-sent.v1";
    private static final String INVOICES = "billing.invoice-issued.v1";
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"io.meshwork.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"}]}";

    @BeforeEach
    void products() {
        apply("shipping", "shipment-sent", Map.of());
        apply("billing", "invoice-issued", Map.of("email", "pii"));
    }

    @Test
    void aClientThatDoesNotAuthenticateIsRefused() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", kafka().bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        assertThatThrownBy(() -> send(anonymous, SHIPMENTS)).as("no SASL, no service").isInstanceOf(Exception.class);

        Map<String, Object> stranger = kafka().clientConfig("stranger");
        assertThatThrownBy(() -> send(stranger, SHIPMENTS)).as("a user without a stored credential")
                .hasStackTraceContaining("Authentication failed");
    }

    @Test
    void aDomainWritesItsOwnProductsAndNoOneElses() throws Exception {
        Map<String, Object> shipping = credentials(TestTokens.producer("shipping"));

        send(shipping, SHIPMENTS);
        assertThatThrownBy(() -> send(shipping, INVOICES)).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(shipping, "_mesh.catalog")).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void personalDataIsReadOnlyWhileTheOwningDomainGrantsIt() {
        Map<String, Object> auditor = credentials(TestTokens.consumer("auditor"));
        assertThat(read(auditor, SHIPMENTS)).as("a product without personal data").isTrue();
        assertThat(read(auditor, INVOICES)).as("personal data without a grant").isFalse();

        as(TestTokens.producer("billing")).header("X-Mesh-Reason", "audits").put("/v1/products/{p}/grants/auditor", INVOICES)
                .then().statusCode(200);
        assertThat(read(auditor, INVOICES)).as("after the grant").isTrue();

        as(TestTokens.producer("billing")).delete("/v1/products/{p}/grants/auditor", INVOICES).then().statusCode(204);
        assertThat(read(auditor, INVOICES)).as("after the revoke").isFalse();
    }

    @Test
    void aConsumerUsesGroupsUnderItsOwnPrefixAndNoInternalTopic() {
        Map<String, Object> reporter = credentials(TestTokens.consumer("reporter"));

        assertThat(readAsGroup(reporter, SHIPMENTS, "reporter.daily")).isTrue();
        assertThatThrownBy(() -> readAsGroup(reporter, SHIPMENTS, "someone-else.daily"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThat(read(reporter, "_mesh.grants")).isFalse();
        assertThatThrownBy(() -> send(reporter, SHIPMENTS)).as("a consumer writes nothing")
                .hasRootCauseInstanceOf(AuthorizationException.class);
    }

    @Test
    void anAclTheCatalogDoesNotImplyIsRemoved() throws Exception {
        Map<String, Object> snoop = credentials(TestTokens.consumer("snoop"));
        AclBinding drift = new AclBinding(new ResourcePattern(ResourceType.TOPIC, INVOICES, PatternType.LITERAL),
                new AccessControlEntry("User:snoop", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(kafka().superuserConfig())) {
            admin.createAcls(List.of(drift)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get()
                    .stream().noneMatch(drift::equals));
        }
        assertThat(read(snoop, INVOICES)).isFalse();
    }

    @Test
    void theCredentialsApiHandsOutOnlyTheCallersOwn() {
        as(TestTokens.consumer("auditor")).body(Map.of()).post("/v1/kafka/credentials").then().statusCode(200)
                .body("principal", equalTo("auditor")).body("kind", equalTo("consumer"))
                .body("saslMechanism", equalTo("SCRAM-SHA-512")).body("groupPrefix", equalTo("auditor."))
                .body("bootstrapServers", equalTo(kafka().bootstrapServers()));
        as(TestTokens.consumer("auditor")).body(Map.of("principal", "shipping-service")).post("/v1/kafka/credentials")
                .then().statusCode(403).contentType("application/problem+json");
        as(TestTokens.consumer(MeshPrincipals.ARCHIVER)).body(Map.of()).post("/v1/kafka/credentials").then()
                .statusCode(403).body("detail", containsString("reserved"));
        as(TestTokens.producerAs("shipping", "intruder")).body(Map.of()).post("/v1/kafka/credentials").then()
                .statusCode(403).body("detail", containsString("not a service identity of domain shipping"));
        as(TestTokens.admin()).body(Map.of("principal", MeshPrincipals.ARCHIVER)).post("/v1/kafka/credentials").then()
                .statusCode(200).body("kind", equalTo("service"));
        given().contentType("application/json").body(Map.of()).post("/v1/kafka/credentials").then().statusCode(401);
    }

    @Test
    void aPrincipalSeesWhatItMayDo() {
        credentials(TestTokens.consumer("viewer"));
        as(TestTokens.consumer("viewer")).get("/v1/kafka/acls").then().statusCode(200)
                .body("findAll { it.name == '" + SHIPMENTS + "' }.operation", hasItem("read"))
                .body("findAll { it.name == '" + INVOICES + "' }.size()", equalTo(0));
        as(TestTokens.consumer("viewer")).queryParam("principal", MeshPrincipals.GATEWAY).get("/v1/kafka/acls").then()
                .statusCode(403);
        as(TestTokens.admin()).queryParam("principal", MeshPrincipals.ARCHIVER).get("/v1/kafka/acls").then()
                .statusCode(200).body("operation", org.hamcrest.Matchers.not(hasItem("write")));
    }

    @Test
    void anAdminSeesEveryPrincipalWithItsAclsAsOnePlan() {
        credentials(TestTokens.consumer("lister"));
        List<Map<String, Object>> principals = as(TestTokens.admin()).get("/v1/kafka/principals").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(principals).extracting(p -> p.get("principal"))
                .contains("lister", MeshPrincipals.GATEWAY, MeshPrincipals.ARCHIVER, "shipping-service");
        Map<String, Object> lister = principals.stream().filter(p -> p.get("principal").equals("lister")).findFirst()
                .orElseThrow();
        List<Map<String, Object>> own = as(TestTokens.consumer("lister")).get("/v1/kafka/acls").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(new HashSet<>((List<?>) lister.get("rules"))).isEqualTo(new HashSet<>(own));

        as(TestTokens.consumer("lister")).get("/v1/kafka/principals").then().statusCode(403);
    }

    private static void apply(String domain, String event, Map<String, String> classifications) {
        String yaml = TestContracts.yaml(domain, event, "active", 1, "id", classifications, "");
        as(TestTokens.admin()).body(TestContracts.request(domain, event, yaml, SCHEMA)).post("/v1/contracts").then()
                .statusCode(200);
    }

    private static Map<String, Object> credentials(String token) {
        String password = as(token).body(Map.of()).post("/v1/kafka/credentials").then().statusCode(200).extract()
                .path("password");
        String user = as(token).body(Map.of()).post("/v1/kafka/credentials").then().extract().path("username");
        Map<String, Object> config = new HashMap<>(io.meshwork.core.access.KafkaCredentials.clientConfig(
                kafka().bootstrapServers(), user, password));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static void send(Map<String, Object> client, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }

    /** Whether the client may read the topic's first partition. */
    private static boolean read(Map<String, Object> client, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(client, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(2));
            consumer.position(partition);
            return true;
        } catch (TopicAuthorizationException denied) {
            return false;
        }
    }

    private static boolean readAsGroup(Map<String, Object> client, String topic, String group) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 10 && consumer.assignment().isEmpty(); i++) {
                consumer.poll(Duration.ofMillis(500));
            }
            return !consumer.assignment().isEmpty();
        }
    }

    private static TestKafka kafka() {
        return TestInfrastructure.shared().kafka();
    }

    private static RequestSpecification as(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }
}
