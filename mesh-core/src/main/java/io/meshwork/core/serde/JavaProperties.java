package io.meshwork.core.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.json.MeshJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Strips the Java-only schema properties that code generation adds, leaving the schema as its contract wrote it. */
final class JavaProperties {

    static final String JAVA_STRING = "avro.java.string";
    private static final ObjectMapper JSON = MeshJson.mapper();

    private JavaProperties() {
    }

    static Schema remove(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite schema " + schema.getFullName(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING);
        }
        node.forEach(JavaProperties::strip);
    }
}
