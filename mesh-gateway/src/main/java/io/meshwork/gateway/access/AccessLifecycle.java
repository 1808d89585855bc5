package io.meshwork.gateway.access;

import io.meshwork.core.access.AccessView;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.kafka.ControlLog;
import io.meshwork.gateway.catalog.Catalog;
import io.meshwork.gateway.subscription.Subscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Sets up Kafka access at start: the services' credentials and ACLs first, so that the gateway's
 * own clients can read the control topics; then, once the catalog is read, every principal's, kept
 * in line from then on. Reports readiness once the brokers matched the catalog.
 */
@ApplicationScoped
public class AccessLifecycle {

    private static final Logger LOG = Logger.getLogger(AccessLifecycle.class);

    /** The ids the services use, as this gateway is configured; the other services' are their defaults. */
    @Produces
    @Singleton
    AccessView.ServiceIds serviceIds(@ConfigProperty(name = "mesh.registry.transactional-id") String registry,
                                     @ConfigProperty(name = "mesh.catalog.transactional-id") String catalog,
                                     @ConfigProperty(name = "mesh.subscriptions.transactional-id") String subscriptions,
                                     AccessSettings settings) {
        AccessView.ServiceIds defaults = AccessView.ServiceIds.defaults();
        return new AccessView.ServiceIds(List.of(registry, catalog, subscriptions, subscriptions + "-grants",
                settings.transactionalId()),
                defaults.gatewayPrefix(), defaults.processorsApplicationId(), defaults.archiverGroupId());
    }

    /**
     * The reconciler, after it stored the services' credentials and ACLs (when this gateway manages
     * access): every bean that connects to Kafka as the gateway depends on it.
     */
    @Produces
    @Singleton
    AccessReconciler reconciler(AccessSettings settings, @Identifier("default-kafka-broker") Map<String, Object> kafka,
                                AccessView.ServiceIds ids, MeterRegistry meters) {
        KafkaCredentials credentials = new KafkaCredentials(settings.credentialsKey().orElseThrow(() ->
                new IllegalStateException("mesh.kafka.access.credentials-key (MESH_KAFKA_ACCESS_CREDENTIALS_KEY) is not"
                        + " set: every principal's Kafka password derives from it; mesh dev makes one in"
                        + " .mesh/keys/kafka-credentials.key")));
        // Where access is managed elsewhere there is no access manager's user: only passwords are asked for.
        Map<String, Object> control = new HashMap<>(kafka);
        if (settings.manage()) {
            control.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaCredentials.jaas(settings.controlUsername(),
                    settings.controlPassword().orElseGet(() -> credentials.password(MeshPrincipals.CONTROL))));
        }
        AccessReconciler reconciler = new AccessReconciler(Admin.create(control), credentials,
                settings.keepPrincipals().orElse(List.of()), meters);
        if (settings.manage()) {
            reconciler.addServices(new AccessView(List.of(), List.of(), Set.of(), List.of(), ids));
        }
        return reconciler;
    }

    void close(@Disposes AccessReconciler reconciler) {
        reconciler.close();
    }

    @Produces
    @Singleton
    Registrations registrations(AccessReconciler accessFirst, @Identifier("default-kafka-broker") Map<String, Object> kafka,
                                AccessSettings settings, ControlLog.Settings control, Clock clock) {
        return new Registrations(kafka, settings.transactionalId(), control, clock).start();
    }

    void close(@Disposes Registrations registrations) {
        registrations.close();
    }

    /** What the catalog, the grants and the registrations say, as the plan reads it. */
    @Produces
    @Singleton
    @Startup
    KafkaAccess access(AccessSettings settings, AccessReconciler reconciler, Catalog catalog, Subscriptions subscriptions,
                       Registrations registrations, AccessView.ServiceIds ids,
                       @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        KafkaAccess access = new KafkaAccess(settings, reconciler, catalog, subscriptions, registrations, ids, kafka);
        if (settings.manage()) {
            reconciler.start(access::view, access::changes, settings.reconcileInterval());
        } else {
            LOG.info("Kafka credentials and ACLs are managed elsewhere (mesh.kafka.access.manage=false)");
        }
        return access;
    }

    @Produces
    @Readiness
    HealthCheck accessReadiness(AccessSettings settings, AccessReconciler reconciler, Registrations registrations) {
        return () -> {
            boolean reconciled = !settings.manage() || reconciler.lastSuccess().isPresent();
            var response = HealthCheckResponse.named("kafka-access").status(reconciled && registrations.ready())
                    .withData("managed", settings.manage());
            reconciler.lastSuccess().ifPresent(at -> response.withData("reconciledAt", at.toString()));
            reconciler.lastFailure().ifPresent(why -> response.withData("failure", why));
            return response.build();
        };
    }
}
