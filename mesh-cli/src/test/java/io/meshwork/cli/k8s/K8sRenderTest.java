package io.meshwork.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.meshwork.cli.Mesh;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mesh k8s render} of the demo contracts: every object is a Strimzi resource that its own CRD
 * schema accepts (read from {@code ../shared/reference/strimzi-crds/}, with unknown fields refused).
 */
class K8sRenderTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Path CRDS = Path.of("../../shared/reference/strimzi-crds");

    private static List<JsonNode> rendered;

    @BeforeAll
    static void render() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("k8s", "render", System.getProperty("mesh.contracts.dir"));
        assertThat(exit).as(err.toString()).isZero();
        rendered = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(out.toString())) {
            while (documents.hasNext()) {
                JsonNode document = (JsonNode) documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    rendered.add(document);
                }
            }
        }
    }

    @Test
    void everyObjectPassesItsStrimziCrdWithUnknownFieldsRefused() throws Exception {
        JsonSchema topics = crd("043-Crd-kafkatopic.yaml");
        JsonSchema users = crd("044-Crd-kafkauser.yaml");

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

    /** The CRD's schema for v1, with every object that lists its properties refusing others. */
    private static JsonSchema crd(String file) throws Exception {
        JsonNode crd = YAML.readTree(CRDS.resolve(file).toFile());
        JsonNode schema = null;
        for (JsonNode version : crd.at("/spec/versions")) {
            if (version.path("name").asText().equals("v1")) {
                schema = version.at("/schema/openAPIV3Schema").deepCopy();
            }
        }
        assertThat(schema).as("v1 in " + file).isNotNull();
        closed(schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    private static void closed(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> child : object.properties()) {
                closed(child.getValue());
            }
        } else if (schema.isArray()) {
            schema.forEach(K8sRenderTest::closed);
        }
    }
}
