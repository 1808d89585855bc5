package io.meshwork.core.api.registry;

/** The answer of registering a schema: its id. */
public record SchemaId(int id) {
}
