package io.meshwork.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strimzi's published CRD schemas ({@code ../shared/reference/strimzi-crds/}, version {@code v1}),
 * with every object that lists its properties refusing others, as the API server prunes or refuses them.
 */
final class StrimziCrds {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CRDS = Path.of("../../shared/reference/strimzi-crds");
    private static final Map<String, String> FILES = Map.of("Kafka", "040-Crd-kafka.yaml",
            "KafkaTopic", "043-Crd-kafkatopic.yaml", "KafkaUser", "044-Crd-kafkauser.yaml",
            "KafkaNodePool", "045-Crd-kafkanodepool.yaml");

    private StrimziCrds() {
    }

    static boolean isStrimzi(JsonNode object) {
        return object.path("apiVersion").asText().startsWith("kafka.strimzi.io/");
    }

    /** The schema of a Strimzi kind. */
    static JsonSchema schema(String kind) {
        String file = FILES.get(kind);
        assertThat(file).as("a Strimzi CRD for kind " + kind).isNotNull();
        try {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML text, skipping empty ones. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = (JsonNode) documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
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
            schema.forEach(StrimziCrds::closed);
        }
    }
}
