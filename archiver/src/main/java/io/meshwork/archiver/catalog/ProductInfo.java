package io.meshwork.archiver.catalog;

import java.util.Set;

/**
 * A product as the archiver sees it.
 *
 * @param topic the product's topic
 * @param domain the owning domain, whose key pseudonymizes its personal data
 * @param piiFields dotted paths of the fields its contract classifies {@code pii}
 */
public record ProductInfo(String topic, String domain, Set<String> piiFields) {
}
