package io.meshwork.core.contract;

import io.meshwork.core.naming.ProductName;
import io.meshwork.core.rules.QualityRule;
import io.meshwork.core.rules.QualityRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * One version of a data product, as its contract declares it. The same contract drives the topic,
 * the registry subject, ownership, quality checks, PII handling and the lake layout.
 *
 * @param name the product name, which gives the topic and subject
 * @param version the contract's semantic version; its major is the topic's
 * @param status where the version is in its life
 * @param team the owning team
 * @param description what the events mean
 * @param schema the Avro schema of the event value
 * @param keyField the top-level field whose value keys the Kafka record, if any
 * @param classifications the classification of every field that is not {@link Classification#PUBLIC},
 *     by dotted path (e.g. {@code customer.email})
 * @param rules the quality rules, in contract order
 * @param compiledRules the same rules compiled against the schema
 * @param kafka the topic layout
 * @param freshness how soon after it happens an event must be published, if promised
 * @param retention how long events are kept in the lake in raw form, if limited
 * @param derivation how the stream processors compute the product from others, for a derived product
 * @param source the contract file
 */
public record DataContract(ProductName name, String version, ContractStatus status, String team, String description,
                           Schema schema, Optional<String> keyField, Map<String, Classification> classifications,
                           List<QualityRule> rules, QualityRules compiledRules, KafkaServer kafka,
                           Optional<Duration> freshness, Optional<Duration> retention,
                           Optional<Derivation> derivation, Path source)
        implements ProductShape {

    public DataContract {
        classifications = Map.copyOf(classifications);
        rules = List.copyOf(rules);
    }

    public String domain() {
        return name.domain();
    }

    public String topic() {
        return name.topic();
    }

    public String subject() {
        return name.valueSubject();
    }

    /** The classification of a field by dotted path; unclassified fields are public. */
    public Classification classificationOf(String fieldPath) {
        return classifications.getOrDefault(fieldPath, Classification.PUBLIC);
    }

    /** The dotted paths of the fields classified as personal data. */
    public List<String> piiFields() {
        return classifications.entrySet().stream()
                .filter(e -> e.getValue() == Classification.PII)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
