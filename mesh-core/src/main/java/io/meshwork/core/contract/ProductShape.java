package io.meshwork.core.contract;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What checking a derivation needs to know of a product, whether it comes from a contract being
 * applied ({@link DataContract}) or from the catalog ({@link io.meshwork.core.catalog.CatalogProduct}).
 */
public interface ProductShape {

    String topic();

    Schema schema();

    /** The field whose value keys its records, if any. */
    Optional<String> keyField();

    /** The classification of every non-public field, by dotted path. */
    Map<String, Classification> classifications();

    /** How it is computed from other products, for a derived product. */
    Optional<Derivation> derivation();
}
