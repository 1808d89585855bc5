package io.meshwork.core.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class JavaPropertiesTest {

    private static final String CONTRACT = """
            {"type": "record", "name": "Ping", "namespace": "io.meshwork.test", "fields": [
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "by", "type": {"type": "map", "values": "string"}}]}
            """;

    @Test
    void aGeneratedClassesSchemaMatchesItsContractOnceTheJavaPropertiesAreGone() {
        String generated = """
                {"type": "record", "name": "Ping", "namespace": "io.meshwork.test", "fields": [
                  {"name": "id", "type": {"type": "string", "logicalType": "uuid", "avro.java.string": "String"}},
                  {"name": "tags", "type": {"type": "array", "items": {"type": "string", "avro.java.string": "String"}}},
                  {"name": "note", "type": ["null", {"type": "string", "avro.java.string": "String"}], "default": null},
                  {"name": "by", "type": {"type": "map", "values": {"type": "string", "avro.java.string": "String"},
                                          "avro.java.string": "String"}}]}
                """;
        Schema contract = new Schema.Parser().parse(CONTRACT);
        Schema fromClass = new Schema.Parser().parse(generated);
        assertThat(fromClass).isNotEqualTo(contract);

        assertThat(JavaProperties.remove(fromClass)).isEqualTo(contract);
        assertThat(JavaProperties.remove(fromClass).toString()).doesNotContain("avro.java.string");
    }
}
