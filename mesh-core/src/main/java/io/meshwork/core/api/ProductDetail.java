package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshwork.core.rules.QualityRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A product as {@code GET /v1/products/{topic}} describes it: its summary, its contract and its
 * current quality.
 *
 * @param description what the product is, from its contract
 * @param subject its registry subject
 * @param schemaId the registry id of its current schema
 * @param schema its current Avro schema, as JSON text
 * @param keyField the field whose value keys its records, if any
 * @param classifications the classification of every non-public field, by dotted path
 * @param piiFields the dotted paths of its personal-data fields
 * @param rules its quality rules
 * @param kafka its topic's settings
 * @param freshness how soon after it happens an event must be published, if promised
 * @param derivation how it is computed from other products, for a derived product
 * @param lakeRetention how long the lake keeps it, if limited
 * @param quality what the quality monitor last reported, once it has
 * @param appliedBy who applied the contract
 * @param appliedAt when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductDetail(String topic, String domain, String dataProduct, int majorVersion, String version,
                            String status, String team, String description, String subject, int schemaId, String schema,
                            String keyField, Map<String, String> classifications, List<String> piiFields,
                            List<QualityRule> rules, TopicSettings kafka, Duration freshness, DerivationView derivation,
                            Duration lakeRetention, ProductQuality quality, String appliedBy, Instant appliedAt) {

    /**
     * @param partitions its partition count
     * @param retention how long Kafka keeps its records
     * @param cleanupPolicy {@code delete} or {@code compact}
     */
    public record TopicSettings(int partitions, Duration retention, String cleanupPolicy) {
    }
}
