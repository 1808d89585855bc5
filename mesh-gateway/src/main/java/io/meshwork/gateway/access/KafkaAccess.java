package io.meshwork.gateway.access;

import io.meshwork.core.access.AccessPlan;
import io.meshwork.core.access.AccessView;
import io.meshwork.core.access.KafkaClientCredentials;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.access.Registration;
import io.meshwork.core.contract.DataContract;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.catalog.Catalog;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.subscription.Subscriptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.jboss.logging.Logger;

/**
 * Kafka access as the catalog implies it: the view the access plan is computed from, each caller's
 * credentials, and a reconciliation right after a change, so that access follows a grant, a
 * contract or a registration by the time the call that made it returns.
 */
public final class KafkaAccess {

    private static final Logger LOG = Logger.getLogger(KafkaAccess.class);

    private final AccessSettings settings;
    private final AccessReconciler reconciler;
    private final Catalog catalog;
    private final Subscriptions subscriptions;
    private final Registrations registrations;
    private final AccessView.ServiceIds ids;
    private final String bootstrapServers;
    private final String securityProtocol;

    KafkaAccess(AccessSettings settings, AccessReconciler reconciler, Catalog catalog, Subscriptions subscriptions,
                Registrations registrations, AccessView.ServiceIds ids, Map<String, Object> kafka) {
        this.settings = settings;
        this.reconciler = reconciler;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
        this.registrations = registrations;
        this.ids = ids;
        this.bootstrapServers = settings.clientBootstrapServers()
                .orElse(String.valueOf(kafka.get("bootstrap.servers")));
        this.securityProtocol = String.valueOf(kafka.getOrDefault("security.protocol", "SASL_PLAINTEXT"));
    }

    /** The catalog, grants and registrations as the access plan reads them. */
    public AccessView view() {
        Map<String, AccessView.Domain> domains = new LinkedHashMap<>();
        catalog.domains().forEach(d -> domains.put(d.definition().name(),
                AccessView.Domain.of(d.definition().name(), d.definition().tokenSubjects())));
        List<AccessView.Product> products = new ArrayList<>();
        for (var product : catalog.products(Optional.empty(), Optional.empty())) {
            DataContract contract = product.contract();
            domains.computeIfAbsent(contract.domain(), d -> AccessView.Domain.of(d, List.of()));
            products.add(new AccessView.Product(contract.topic(), contract.domain(), !contract.piiFields().isEmpty(),
                    contract.derivation().isPresent()));
        }
        // A contract that no longer loads may hold personal data nobody can tell: read only with a grant.
        for (var unloadable : catalog.unloadableProducts()) {
            String domain = unloadable.name().substring(0, Math.max(0, unloadable.name().indexOf('.')));
            domains.computeIfAbsent(domain, d -> AccessView.Domain.of(d, List.of()));
            products.add(new AccessView.Product(unloadable.name(), domain, true, false));
        }
        return new AccessView(List.copyOf(domains.values()), products, subscriptions.grantKeys(), registrations.all(), ids);
    }

    /** Moves whenever something the view is made of changed. */
    public long changes() {
        return catalog.changes() + subscriptions.changes() + registrations.changes();
    }

    /** Every principal of the plan and its ACLs. */
    public Map<String, Set<AclBinding>> plan() {
        return AccessPlan.of(view());
    }

    /** The ACLs the plan gives a principal; empty for a principal the mesh does not know. */
    public Set<AclBinding> acls(String principal) {
        return AccessPlan.of(view()).getOrDefault(principal, Set.of());
    }

    /**
     * The Kafka credentials of the caller, or (for an admin) of the principal it names. A consumer or
     * admin is registered on first asking; a domain's principal and the services need no registration.
     */
    public KafkaClientCredentials credentials(Caller caller, Optional<String> requested) {
        String principal = requested.filter(p -> !p.isBlank()).orElse(caller.principal());
        String kind;
        if (!principal.equals(caller.principal())) {
            if (!caller.admin()) {
                throw new ProblemException(403, "Not your credentials", caller.describe() + " may ask only for its own"
                        + " Kafka credentials; leave \"principal\" out, or use an admin token");
            }
            kind = kindOf(principal).orElseThrow(() -> new ProblemException(404, "Unknown principal", principal
                    + " is neither a service of the mesh, a domain's service identity nor registered; its own token"
                    + " registers it"));
        } else {
            kind = registerCaller(caller);
        }
        afterChange();
        String groupPrefix = kind.equals("service") ? principal : MeshPrincipals.ownPrefix(principal);
        return new KafkaClientCredentials(principal, kind, bootstrapServers, securityProtocol, KafkaCredentials.MECHANISM,
                principal, reconciler.password(principal), groupPrefix,
                kind.equals("domain") || kind.equals("admin") ? MeshPrincipals.ownPrefix(principal) : null);
    }

    /** Removes a registered principal's access: its registration, credential and (on the next pass) ACLs. */
    public boolean forget(Caller caller, String principal) {
        if (!caller.admin() && !caller.principal().equals(principal)) {
            throw new ProblemException(403, "Not your credentials", caller.describe() + " may remove only its own Kafka"
                    + " access; use an admin token");
        }
        if (!registrations.remove(principal)) {
            return false;
        }
        if (settings.manage()) {
            reconciler.forget(principal);
        }
        afterChange();
        return true;
    }

    /**
     * Brings the brokers in line now, after a change this replica made; when Kafka cannot be reached
     * the background pass does it later, so the change itself still stands.
     */
    public void afterChange() {
        if (!settings.manage()) {
            return;
        }
        try {
            reconciler.reconcile(view());
        } catch (ControlLogUnavailableException e) {
            LOG.warnf("Kafka access will follow the change once Kafka answers: %s", e.getMessage());
        }
    }

    private String registerCaller(Caller caller) {
        String principal = caller.principal();
        if (caller.domain().isPresent()) {
            String domain = caller.domain().get();
            AccessView.Domain known = view().domains().stream().filter(d -> d.name().equals(domain)).findFirst()
                    .orElseThrow(() -> new ProblemException(409, "Domain not in the catalog", "domain " + domain
                            + " has neither a definition nor products yet; apply its contracts first"));
            if (!known.principals().contains(principal)) {
                throw new ProblemException(403, "Not a service of the domain", principal + " is not a service identity"
                        + " of domain " + domain + "; its definition's tokenSubjects are " + known.principals());
            }
            return "domain";
        }
        MeshPrincipals.checkName(principal).ifPresent(problem -> {
            throw new ProblemException(403, "Not a principal name", problem);
        });
        Registration.Role role = caller.admin() ? Registration.Role.ADMIN : Registration.Role.CONSUMER;
        if (registrations.register(principal, role, caller.principal())) {
            LOG.infof("Registered %s for Kafka access as %s", principal, role.name().toLowerCase());
        }
        return role.name().toLowerCase();
    }

    private Optional<String> kindOf(String principal) {
        if (MeshPrincipals.SERVICES.contains(principal)) {
            return Optional.of("service");
        }
        if (view().domains().stream().anyMatch(d -> d.principals().contains(principal))) {
            return Optional.of("domain");
        }
        return registrations.get(principal).map(r -> r.role().name().toLowerCase());
    }
}
