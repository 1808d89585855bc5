package io.meshwork.gateway.catalog;

import io.meshwork.core.contract.DataContract;

/** A product version in the catalog: its contract, and how it was applied. */
public record Product(DataContract contract, CatalogEntry entry) {
}
