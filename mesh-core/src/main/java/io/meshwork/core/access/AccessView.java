package io.meshwork.core.access;

import io.meshwork.core.subscription.Grant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the catalog says that decides Kafka access: the domains and who acts for them, the products
 * and whether they hold personal data, the grants, and the principals registered for Kafka access.
 *
 * @param domains every domain with products or a definition
 * @param products every data product
 * @param grants the consumers granted each product's personal data, as {@link Grant#key} keys
 * @param registered the consumers and admins that asked for Kafka credentials
 * @param services the ids the mesh's services use
 */
public record AccessView(List<Domain> domains, List<Product> products, Set<String> grants, List<Registration> registered,
                         ServiceIds services) {

    public AccessView {
        domains = List.copyOf(domains);
        products = List.copyOf(products);
        grants = Set.copyOf(grants);
        registered = List.copyOf(registered);
    }

    /**
     * A domain and the principals that act for it.
     *
     * @param name the domain
     * @param principals its service identities: the token subjects of its definition, or {@link #defaultPrincipal}
     */
    public record Domain(String name, List<String> principals) {

        public Domain {
            principals = List.copyOf(principals);
        }

        /** A domain's principals: its definition's token subjects, or {@code <domain>-service} when it names none. */
        public static Domain of(String name, Collection<String> tokenSubjects) {
            return new Domain(name, tokenSubjects.isEmpty() ? List.of(defaultPrincipal(name)) : List.copyOf(tokenSubjects));
        }

        /** The principal of a domain that names no token subjects, as {@code mesh token --domain} signs it. */
        public static String defaultPrincipal(String domain) {
            return domain + "-service";
        }
    }

    /**
     * A data product.
     *
     * @param topic its topic
     * @param domain its domain
     * @param personalData whether any field is classified {@code pii}
     * @param derived whether the stream processors compute it (then only they write it)
     */
    public record Product(String topic, String domain, boolean personalData, boolean derived) {
    }

    /**
     * The ids the services use, which their ACLs name.
     *
     * @param gatewayTransactionalIds the transactional ids the gateway's control-topic writers share
     * @param gatewayPrefix the prefix of the gateway's other groups and transactional ids (dead-letter reprocessing)
     * @param processorsApplicationId the stream processors' Kafka Streams application id (a prefix)
     * @param archiverGroupId the archivers' consumer group (a prefix)
     */
    public record ServiceIds(List<String> gatewayTransactionalIds, String gatewayPrefix, String processorsApplicationId,
                             String archiverGroupId) {

        public ServiceIds {
            gatewayTransactionalIds = List.copyOf(gatewayTransactionalIds);
        }

        /** The services' default ids. */
        public static ServiceIds defaults() {
            return new ServiceIds(List.of("mesh-registry-writer", "mesh-catalog-writer", "mesh-subscriptions-writer",
                    "mesh-subscriptions-writer-grants", "mesh-principals-writer"), "mesh-dlq-reprocess-",
                    MeshPrincipals.PROCESSORS, MeshPrincipals.ARCHIVER);
        }
    }
}
