package io.meshwork.core.catalog;

import io.meshwork.core.api.DerivationView;
import io.meshwork.core.api.ProductDetail;
import io.meshwork.core.contract.Classification;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.contract.Derivation;
import io.meshwork.core.contract.ProductShape;
import io.meshwork.core.rules.QualityRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * A data product as the catalog describes it to services.
 *
 * @param topic the product's topic
 * @param domain the owning domain
 * @param schemaId the registry id of its current schema
 * @param schema its current schema
 * @param keyField the field whose value keys its records, if any
 * @param classifications the classification of every non-public field, by dotted path
 * @param rules its quality rules
 * @param freshness how soon after it happens an event must be published, if promised
 * @param derivation how it is computed from other products, for a derived product
 */
public record CatalogProduct(String topic, String domain, int schemaId, Schema schema, Optional<String> keyField,
                             Map<String, Classification> classifications, List<QualityRule> rules,
                             Optional<Duration> freshness, Optional<Derivation> derivation)
        implements ProductShape {

    public CatalogProduct {
        classifications = Map.copyOf(classifications);
        rules = List.copyOf(rules);
    }

    /** The product as the catalog API describes it; classifications this version does not know are left out. */
    public static CatalogProduct of(ProductDetail detail) {
        Map<String, Classification> classifications = new LinkedHashMap<>();
        detail.classifications().forEach((field, name) -> Classification.of(name)
                .ifPresent(c -> classifications.put(field, c)));
        return new CatalogProduct(detail.topic(), detail.domain(), detail.schemaId(),
                new Schema.Parser().parse(detail.schema()), Optional.ofNullable(detail.keyField()), classifications,
                detail.rules() == null ? List.of() : detail.rules(), Optional.ofNullable(detail.freshness()),
                Optional.ofNullable(detail.derivation()).map(DerivationView::toDerivation));
    }

    /** The product a contract describes, with the id its schema has in a registry. */
    public static CatalogProduct of(DataContract contract, int schemaId) {
        return new CatalogProduct(contract.topic(), contract.domain(), schemaId, contract.schema(), contract.keyField(),
                contract.classifications(), contract.rules(), contract.freshness(), contract.derivation());
    }

    /** The dotted paths of its personal-data fields. */
    public Set<String> piiFields() {
        return classifications.entrySet().stream().filter(e -> e.getValue() == Classification.PII)
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
