package io.meshwork.cli.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshwork.core.access.AccessPlan;
import io.meshwork.core.access.AccessView;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.contract.DomainDefinition;
import io.meshwork.core.kafka.DeadLetterTopics;
import io.meshwork.core.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Strimzi resources ({@code kafka.strimzi.io/v1}) of a set of contracts: a {@code KafkaTopic}
 * per product and per domain's dead-letter topic, and a {@code KafkaUser} (SCRAM-SHA-512, simple
 * authorization) per principal, with exactly the ACLs {@link AccessPlan} gives it.
 */
final class StrimziResources {

    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final String CLUSTER_LABEL = "strimzi.io/cluster";
    /** The Secret that holds every principal's password, under the principal's name ({@code mesh k8s passwords}). */
    static final String PASSWORDS_SECRET = "mesh-kafka-passwords";

    record Metadata(String name, Map<String, String> labels) {
    }

    /** @param topicName the topic, when it is not a valid resource name (internal topics start with {@code _}) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TopicResourceSpec(String topicName, int partitions, int replicas, Map<String, String> config) {
    }

    record KafkaTopic(String apiVersion, String kind, Metadata metadata, TopicResourceSpec spec) {
    }

    /** @param name absent for the cluster */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AclResource(String type, String name, String patternType) {
    }

    record Acl(AclResource resource, List<String> operations, String host) {
    }

    record Authorization(String type, List<Acl> acls) {
    }

    record SecretKeyRef(String name, String key) {
    }

    record PasswordSource(SecretKeyRef secretKeyRef) {
    }

    record Password(PasswordSource valueFrom) {
    }

    /** @param password where the User Operator reads the password: the one the mesh's credentials key derives */
    record Authentication(String type, Password password) {
    }

    record UserSpec(Authentication authentication, Authorization authorization) {
    }

    record KafkaUser(String apiVersion, String kind, Metadata metadata, UserSpec spec) {
    }

    /** @param objects the topics, then the users, each in name order */
    record Rendered(List<KafkaTopic> topics, List<KafkaUser> users) {

        List<Object> objects() {
            List<Object> all = new ArrayList<>(topics);
            all.addAll(users);
            return all;
        }
    }

    private StrimziResources() {
    }

    /**
     * @param cluster the Strimzi {@code Kafka} resource the topics and users belong to
     * @param replicas the product topics' replication factor
     * @param access every principal's ACLs as a running mesh plans them (its registered consumers and
     *               admins and their grants included); absent: the plan of the contracts and domains alone
     */
    static Rendered render(List<DataContract> contracts, List<DomainDefinition> domains, String cluster, int replicas,
                           Optional<Map<String, Set<AclBinding>>> access) {
        Map<String, String> labels = Map.of(CLUSTER_LABEL, cluster);
        Map<String, AccessView.Domain> byName = new TreeMap<>();
        domains.forEach(d -> byName.put(d.name(), AccessView.Domain.of(d.name(), d.tokenSubjects())));
        contracts.forEach(c -> byName.putIfAbsent(c.domain(), AccessView.Domain.of(c.domain(), List.of())));

        List<KafkaTopic> topics = new ArrayList<>();
        for (DataContract contract : contracts.stream().sorted(Comparator.comparing(DataContract::topic)).toList()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put(TopicSpec.RETENTION_MS, String.valueOf(contract.kafka().retention().toMillis()));
            config.put(TopicSpec.CLEANUP_POLICY, contract.kafka().cleanupPolicy());
            topics.add(topic(contract.topic(), contract.kafka().partitions(), replicas, config, labels));
        }
        for (String domain : byName.keySet()) {
            TopicSpec deadLetters = DeadLetterTopics.spec(DeadLetterTopics.topic(domain));
            topics.add(topic(deadLetters.name(), deadLetters.partitions(), replicas, new TreeMap<>(deadLetters.configs()),
                    labels));
        }

        AccessView view = new AccessView(List.copyOf(byName.values()), contracts.stream()
                .map(c -> new AccessView.Product(c.topic(), c.domain(), !c.piiFields().isEmpty(), c.derivation().isPresent()))
                .toList(), Set.of(), List.of(), AccessView.ServiceIds.defaults());
        List<KafkaUser> users = new ArrayList<>();
        new TreeMap<>(access.orElseGet(() -> AccessPlan.of(view))).forEach((principal, bindings) -> users.add(new KafkaUser(API_VERSION, "KafkaUser",
                new Metadata(principal, labels), new UserSpec(new Authentication("scram-sha-512",
                        new Password(new PasswordSource(new SecretKeyRef(PASSWORDS_SECRET, principal)))),
                new Authorization("simple", acls(bindings))))));
        return new Rendered(topics, users);
    }

    private static KafkaTopic topic(String topic, int partitions, int replicas, Map<String, String> config,
                                    Map<String, String> labels) {
        String name = resourceName(topic);
        return new KafkaTopic(API_VERSION, "KafkaTopic", new Metadata(name, labels),
                new TopicResourceSpec(name.equals(topic) ? null : topic, partitions, replicas, config));
    }

    /** A topic's name as a Kubernetes resource may have it: no underscores, starting with a letter or digit. */
    static String resourceName(String topic) {
        return topic.replace('_', '-').replaceAll("^[^a-z0-9]+", "");
    }

    /** The bindings as Strimzi ACLs: one per resource pattern, with its operations. */
    static List<Acl> acls(Set<AclBinding> bindings) {
        Map<AclResource, Set<String>> byResource = new TreeMap<>(Comparator.comparing(AclResource::type)
                .thenComparing(r -> r.name() == null ? "" : r.name())
                .thenComparing(AclResource::patternType));
        for (AclBinding binding : bindings) {
            ResourceType type = binding.pattern().resourceType();
            AclResource resource = new AclResource(type(type), type == ResourceType.CLUSTER ? null
                    : binding.pattern().name(), binding.pattern().patternType() == PatternType.PREFIXED ? "prefix"
                    : "literal");
            byResource.computeIfAbsent(resource, r -> new TreeSet<>()).add(operation(binding.entry().operation().name()));
        }
        List<Acl> acls = new ArrayList<>();
        byResource.forEach((resource, operations) -> acls.add(new Acl(resource, List.copyOf(operations), "*")));
        return acls;
    }

    private static String type(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new IllegalArgumentException("Strimzi has no ACL resource type for " + type);
        };
    }

    /** {@code DESCRIBE_CONFIGS} as Strimzi writes it: {@code DescribeConfigs}. */
    static String operation(String kafkaName) {
        StringBuilder name = new StringBuilder();
        for (String word : kafkaName.toLowerCase(Locale.ROOT).split("_")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }
}
