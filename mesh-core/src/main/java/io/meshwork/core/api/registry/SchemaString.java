package io.meshwork.core.api.registry;

/** The answer of {@code GET /schemas/ids/{id}}: the schema as JSON text. */
public record SchemaString(String schema) {
}
