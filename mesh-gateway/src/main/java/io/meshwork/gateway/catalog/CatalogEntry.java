package io.meshwork.gateway.catalog;

import java.time.Instant;

/**
 * A product version as {@code _mesh.catalog} keeps it: the contract and schema exactly as applied,
 * so every replica rebuilds the same contract, and who applied it when.
 *
 * @param topic the product's topic, which is the record's key
 * @param path the contract's path as the applier sent it, e.g. {@code orders/order-placed.v1.yaml}
 * @param yaml the contract's text
 * @param schemaFile the schema file's name as the contract names it
 * @param schema the schema's text
 * @param schemaId the id the registry gave the schema
 */
public record CatalogEntry(String topic, String path, String yaml, String schemaFile, String schema, int schemaId,
                           String appliedBy, Instant appliedAt) {
}
