package io.meshwork.core.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /subjects/{subject}/versions}, of lookups and of compatibility tests.
 *
 * @param schema the schema as JSON text
 * @param schemaType {@code AVRO}, the default when absent
 * @param references referenced schemas; not supported, so absent or empty
 * @param id the id to register it under, in import mode
 * @param version the version to register it as, in import mode
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaRequest(String schema, String schemaType, List<Object> references, Integer id, Integer version) {

    public static SchemaRequest avro(String schema) {
        return new SchemaRequest(schema, "AVRO", List.of(), null, null);
    }
}
