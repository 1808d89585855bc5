package io.meshwork.processors.derived;

import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.contract.Derivation;

/**
 * A derived product ready to be computed: its contract, and the products it is computed from.
 *
 * @param product the derived product, as the catalog describes it
 * @param derivation how it is computed
 * @param first the aggregated product, or the enriched stream
 * @param table the table an enrichment joins; null for an aggregate
 */
public record DerivedProduct(CatalogProduct product, Derivation derivation, CatalogProduct first, CatalogProduct table) {

    public String topic() {
        return product.topic();
    }

    /** A name for this product's state stores and internal topics: its topic without dots. */
    public String internalName() {
        return product.topic().replace('.', '_');
    }
}
