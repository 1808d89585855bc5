package io.meshwork.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.meshwork.cli.Mesh;
import io.meshwork.core.access.KafkaCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh k8s render} of the demo contracts: every object is a Strimzi resource that its own CRD
 * schema accepts (read from {@code ../shared/reference/strimzi-crds/}, with unknown fields refused).
 */
class K8sRenderTest {

    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static List<JsonNode> rendered;

    @BeforeAll
    static void render() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("k8s", "render", System.getProperty("mesh.contracts.dir"));
        assertThat(exit).as(err.toString()).isZero();
        rendered = StrimziCrds.documents(out.toString());
    }

    @Test
    void everyObjectPassesItsStrimziCrdWithUnknownFieldsRefused() throws Exception {
        JsonSchema topics = StrimziCrds.schema("KafkaTopic");
        JsonSchema users = StrimziCrds.schema("KafkaUser");

        assertThat(rendered).isNotEmpty().allSatisfy(object -> {
            assertThat(object.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(object.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("mesh");
            assertThat(object.at("/metadata/name").asText()).matches(RESOURCE_NAME);
            JsonSchema schema = object.path("kind").asText().equals("KafkaTopic") ? topics : users;
            assertThat(schema.validate(object)).as(object.toString()).isEmpty();
        });
        ObjectNode wrong = rendered.stream().filter(o -> o.path("kind").asText().equals("KafkaUser")).findFirst()
                .orElseThrow().deepCopy();
        ((ObjectNode) wrong.at("/spec/authorization/acls/0")).put("host", 1);
        ((ObjectNode) wrong.path("spec")).put("quotas2", true);
        assertThat(users.validate(wrong)).as("the schema refuses what Strimzi would").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void rendersATopicPerProductAndDeadLetterTopicWithTheContractsSettings() {
        List<JsonNode> topics = rendered.stream().filter(o -> o.path("kind").asText().equals("KafkaTopic")).toList();

        assertThat(topics).hasSize(14 + 5);
        JsonNode orders = topics.stream().filter(t -> t.at("/metadata/name").asText().equals("orders.order-placed.v2"))
                .findFirst().orElseThrow();
        assertThat(orders.at("/spec/partitions").asInt()).isEqualTo(6);
        assertThat(orders.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(orders.at("/spec/config/retention.ms").asText()).isEqualTo(String.valueOf(7L * 24 * 3600 * 1000));
        assertThat(orders.at("/spec/config/cleanup.policy").asText()).isEqualTo("delete");
        JsonNode deadLetters = topics.stream().filter(t -> t.at("/spec/topicName").asText().equals("_mesh.dlq.orders"))
                .findFirst().orElseThrow();
        assertThat(deadLetters.at("/metadata/name").asText()).isEqualTo("mesh.dlq.orders");
        assertThat(deadLetters.at("/spec/partitions").asInt()).isEqualTo(1);
    }

    @Test
    void rendersAScramUserPerDomainServiceAndMeshService() {
        List<String> users = rendered.stream().filter(o -> o.path("kind").asText().equals("KafkaUser"))
                .map(o -> o.at("/metadata/name").asText()).toList();

        assertThat(users).contains("orders-service", "customers-service", "mesh-gateway", "mesh-stream-processors",
                "mesh-archiver").doesNotContain("mesh-broker", "mesh-control");
        assertThat(rendered).filteredOn(o -> o.path("kind").asText().equals("KafkaUser")).allSatisfy(user -> {
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
        });
    }

    @Test
    void namesInternalTopicsAsKubernetesAllows() {
        assertThat(StrimziResources.resourceName("_mesh.dlq.orders")).isEqualTo("mesh.dlq.orders");
        assertThat(StrimziResources.operation("DESCRIBE_CONFIGS")).isEqualTo("DescribeConfigs");
        assertThat(StrimziResources.operation("IDEMPOTENT_WRITE")).isEqualTo("IdempotentWrite");
    }

    @Test
    void everyUserReadsItsPasswordFromTheSecretThatMeshK8sPasswordsPrints(@TempDir Path keys) throws Exception {
        String key = "0123456789abcdef".repeat(4);
        Path keyFile = Files.writeString(keys.resolve("kafka-credentials.key"), key + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("k8s", "passwords", System.getProperty("mesh.contracts.dir"), "--credentials-key",
                        keyFile.toString());
        assertThat(exit).as(err.toString()).isZero();
        JsonNode secret = StrimziCrds.YAML.readTree(out.toString());
        assertThat(secret.path("kind").asText()).isEqualTo("Secret");
        assertThat(secret.at("/metadata/name").asText()).isEqualTo(StrimziResources.PASSWORDS_SECRET);

        KafkaCredentials credentials = new KafkaCredentials(key);
        List<JsonNode> users = rendered.stream().filter(o -> o.path("kind").asText().equals("KafkaUser")).toList();
        assertThat(secret.path("stringData").size()).isEqualTo(users.size());
        assertThat(users).allSatisfy(user -> {
            String principal = user.at("/metadata/name").asText();
            JsonNode ref = user.at("/spec/authentication/password/valueFrom/secretKeyRef");
            assertThat(ref.path("name").asText()).isEqualTo(StrimziResources.PASSWORDS_SECRET);
            assertThat(ref.path("key").asText()).isEqualTo(principal);
            assertThat(secret.at("/stringData/" + principal).asText()).as(principal)
                    .isEqualTo(credentials.password(principal));
        });
    }

    @Test
    void passwordsNeedAReadableKey(@TempDir Path keys) {
        StringWriter err = new StringWriter();
        int exit = Mesh.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                .execute("k8s", "passwords", System.getProperty("mesh.contracts.dir"), "--credentials-key",
                        keys.resolve("missing.key").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("--credentials-key", "missing.key", "is not a file");
    }
}
