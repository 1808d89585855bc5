package io.meshwork.core.access;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.IDEMPOTENT_WRITE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import io.meshwork.core.kafka.DeadLetterTopics;
import io.meshwork.core.subscription.Grant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of every principal of the mesh, computed from the catalog alone: the one place that says
 * who may do what on Kafka. Everything is an allow rule; what no rule allows is denied.
 * <ul>
 *   <li>A domain's principals write its products (not the derived ones, which the processors
 *       write), read them and its dead letters, and use groups and transactional ids under their
 *       own prefix ({@code orders-service.}).</li>
 *   <li>Every consumer and domain principal reads each product without personal data, a product with
 *       personal data only when its domain granted that principal, and its own deliveries
 *       ({@code _sub.<name>.}); its groups start with its own prefix.</li>
 *   <li>The services get what they do: the gateway lays out topics and writes control topics and
 *       products, the processors read products and write deliveries, dead letters, quality reports and
 *       derived products, the archiver reads products and dead letters. Internal topics
 *       ({@code _mesh.*}) are theirs alone.</li>
 *   <li>An admin reads and writes every topic, group and transactional id, but cannot change ACLs.</li>
 * </ul>
 */
public final class AccessPlan {

    /** The cluster resource's only name. */
    public static final String CLUSTER_NAME = "kafka-cluster";
    static final String INTERNAL_PREFIX = "_mesh.";
    static final String DEAD_LETTER_PREFIX = DeadLetterTopics.PREFIX;
    static final String DELIVERY_PREFIX = "_sub.";
    static final List<String> CONTROL_TOPICS = List.of("_mesh.schemas", "_mesh.catalog", "_mesh.subscriptions",
            "_mesh.grants", "_mesh.audit", "_mesh.principals");
    static final String QUALITY_TOPIC = "_mesh.quality";

    private final AccessView view;
    private final Map<String, Set<AclBinding>> rules = new TreeMap<>();

    private AccessPlan(AccessView view) {
        this.view = view;
    }

    /** Every principal's ACLs, by principal name; every principal the mesh knows has an entry. */
    public static Map<String, Set<AclBinding>> of(AccessView view) {
        AccessPlan plan = new AccessPlan(view);
        plan.gateway();
        plan.processors();
        plan.archiver();
        for (AccessView.Domain domain : view.domains()) {
            for (String principal : domain.principals()) {
                plan.domainPrincipal(domain.name(), principal);
            }
        }
        for (Registration registered : view.registered()) {
            switch (registered.role()) {
                case CONSUMER -> plan.consumer(registered.name());
                case ADMIN -> plan.admin(registered.name());
            }
        }
        Map<String, Set<AclBinding>> result = new TreeMap<>();
        plan.rules.forEach((principal, bindings) -> result.put(principal, Collections.unmodifiableSet(bindings)));
        return Collections.unmodifiableMap(result);
    }

    /** The ACLs of the mesh's services only, which need nothing from the catalog but its domains. */
    public static Map<String, Set<AclBinding>> services(AccessView view) {
        Map<String, Set<AclBinding>> all = of(view);
        Map<String, Set<AclBinding>> services = new TreeMap<>();
        MeshPrincipals.SERVICES.forEach(service -> services.put(service, all.get(service)));
        return Collections.unmodifiableMap(services);
    }

    private void gateway() {
        String p = MeshPrincipals.GATEWAY;
        allow(p, CLUSTER, CLUSTER_NAME, LITERAL, DESCRIBE, DESCRIBE_CONFIGS);
        // It lays out every product, dead-letter, delivery and control topic.
        allow(p, TOPIC, ResourcePattern.WILDCARD_RESOURCE, LITERAL, CREATE, DESCRIBE, DESCRIBE_CONFIGS, ALTER,
                ALTER_CONFIGS);
        allow(p, TOPIC, INTERNAL_PREFIX, PREFIXED, READ, WRITE);
        allow(p, TOPIC, DELIVERY_PREFIX, PREFIXED, READ, DELETE);
        domainPrefixes().forEach(prefix -> allow(p, TOPIC, prefix, PREFIXED, WRITE));
        view.services().gatewayTransactionalIds().forEach(id -> allow(p, TRANSACTIONAL_ID, id, LITERAL, WRITE, DESCRIBE));
        allow(p, TRANSACTIONAL_ID, view.services().gatewayPrefix(), PREFIXED, WRITE, DESCRIBE);
        allow(p, GROUP, view.services().gatewayPrefix(), PREFIXED, READ, DESCRIBE);
    }

    private void processors() {
        String p = MeshPrincipals.PROCESSORS;
        String applicationId = view.services().processorsApplicationId();
        domainPrefixes().forEach(prefix -> allow(p, TOPIC, prefix, PREFIXED, READ, DESCRIBE));
        view.products().stream().filter(AccessView.Product::derived)
                .forEach(product -> allow(p, TOPIC, product.topic(), LITERAL, WRITE));
        allow(p, TOPIC, DELIVERY_PREFIX, PREFIXED, WRITE, DESCRIBE);
        allow(p, TOPIC, DEAD_LETTER_PREFIX, PREFIXED, CREATE, WRITE, DESCRIBE, DESCRIBE_CONFIGS);
        allow(p, TOPIC, QUALITY_TOPIC, LITERAL, CREATE, WRITE, DESCRIBE, DESCRIBE_CONFIGS);
        allow(p, TOPIC, "_mesh.subscriptions", LITERAL, CREATE, READ, DESCRIBE, DESCRIBE_CONFIGS);
        allow(p, TOPIC, "_mesh.grants", LITERAL, CREATE, READ, DESCRIBE, DESCRIBE_CONFIGS);
        allow(p, TOPIC, "_mesh.catalog", LITERAL, READ, DESCRIBE);
        // Kafka Streams' own topics (repartition, changelogs), group and transactional ids share the application id.
        allow(p, TOPIC, applicationId, PREFIXED, CREATE, READ, WRITE, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS);
        allow(p, GROUP, applicationId, PREFIXED, READ, DESCRIBE);
        allow(p, TRANSACTIONAL_ID, applicationId, PREFIXED, WRITE, DESCRIBE);
        allow(p, CLUSTER, CLUSTER_NAME, LITERAL, DESCRIBE, DESCRIBE_CONFIGS);
    }

    private void archiver() {
        String p = MeshPrincipals.ARCHIVER;
        domainPrefixes().forEach(prefix -> allow(p, TOPIC, prefix, PREFIXED, READ, DESCRIBE));
        allow(p, TOPIC, DEAD_LETTER_PREFIX, PREFIXED, READ, DESCRIBE);
        allow(p, GROUP, view.services().archiverGroupId(), PREFIXED, READ, DESCRIBE);
    }

    private void domainPrincipal(String domain, String p) {
        consumer(p);
        for (AccessView.Product product : view.products()) {
            if (product.domain().equals(domain)) {
                allow(p, TOPIC, product.topic(), LITERAL, READ, DESCRIBE);
                if (!product.derived()) {
                    allow(p, TOPIC, product.topic(), LITERAL, WRITE);
                }
            }
        }
        allow(p, TOPIC, DEAD_LETTER_PREFIX + domain, LITERAL, READ, DESCRIBE);
        allow(p, TRANSACTIONAL_ID, MeshPrincipals.ownPrefix(p), PREFIXED, WRITE, DESCRIBE);
    }

    private void consumer(String p) {
        for (AccessView.Product product : view.products()) {
            if (!product.personalData() || view.grants().contains(Grant.key(product.topic(), p))) {
                allow(p, TOPIC, product.topic(), LITERAL, READ, DESCRIBE);
            }
        }
        allow(p, TOPIC, DELIVERY_PREFIX + p + ".", PREFIXED, READ, DESCRIBE);
        allow(p, GROUP, MeshPrincipals.ownPrefix(p), PREFIXED, READ, DESCRIBE);
    }

    private void admin(String p) {
        allow(p, TOPIC, ResourcePattern.WILDCARD_RESOURCE, LITERAL, ALL);
        allow(p, GROUP, ResourcePattern.WILDCARD_RESOURCE, LITERAL, ALL);
        allow(p, TRANSACTIONAL_ID, ResourcePattern.WILDCARD_RESOURCE, LITERAL, ALL);
        allow(p, CLUSTER, CLUSTER_NAME, LITERAL, DESCRIBE, DESCRIBE_CONFIGS, IDEMPOTENT_WRITE);
    }

    /** Each domain's topic prefix, {@code orders.}: what the services that follow every product read. */
    private List<String> domainPrefixes() {
        Set<String> domains = new LinkedHashSet<>();
        view.domains().forEach(d -> domains.add(d.name()));
        view.products().forEach(p -> domains.add(p.domain()));
        return domains.stream().sorted().map(d -> d + ".").toList();
    }

    private void allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        Set<AclBinding> own = rules.computeIfAbsent(principal, k -> new TreeSet<>(ORDER));
        for (AclOperation operation : operations) {
            own.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                    MeshPrincipals.user(principal), "*", operation, AclPermissionType.ALLOW)));
        }
    }

    /** A stable order, so that plans print and compare the same way every time. */
    public static final Comparator<AclBinding> ORDER = Comparator
            .comparing((AclBinding b) -> b.pattern().resourceType())
            .thenComparing(b -> b.pattern().name())
            .thenComparing(b -> b.pattern().patternType())
            .thenComparing(b -> b.entry().principal())
            .thenComparing(b -> b.entry().operation())
            .thenComparing(b -> b.entry().permissionType())
            .thenComparing(b -> b.entry().host());
}
