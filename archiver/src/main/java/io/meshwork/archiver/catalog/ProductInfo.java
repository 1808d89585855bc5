package io.meshwork.archiver.catalog;

import java.util.Map;
import java.util.Set;

/**
 * A product as the archiver sees it.
 *
 * @param topic the product's topic
 * @param domain the owning domain, whose key pseudonymizes its personal data
 * @param piiFields dotted paths of the fields its contract classifies {@code pii}
 * @param team the owning team
 * @param description what the product is, from its contract
 * @param classifications the classification of each classified field, by dotted path
 */
public record ProductInfo(String topic, String domain, Set<String> piiFields, String team, String description,
                          Map<String, String> classifications) {

    public ProductInfo {
        piiFields = Set.copyOf(piiFields);
        classifications = Map.copyOf(classifications);
    }
}
