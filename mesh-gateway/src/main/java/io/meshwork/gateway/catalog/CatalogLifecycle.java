package io.meshwork.gateway.catalog;

import io.meshwork.core.kafka.ControlLog;
import io.meshwork.gateway.registry.SchemaRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Creates the catalog from the gateway's Kafka settings, reports its readiness and closes it. */
@ApplicationScoped
public class CatalogLifecycle {

    @Produces
    @Singleton
    Catalog catalog(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                    @ConfigProperty(name = "mesh.catalog.transactional-id") String transactionalId,
                    @ConfigProperty(name = "mesh.catalog.manage-topics") boolean manageTopics,
                    SchemaRegistry registry, ControlLog.Settings settings, Clock clock) {
        return new Catalog(kafka, transactionalId, registry, settings, clock, manageTopics).start();
    }

    void close(@Disposes Catalog catalog) {
        catalog.close();
    }

    @Produces
    @Readiness
    HealthCheck catalogReadiness(Catalog catalog) {
        return () -> HealthCheckResponse.named("catalog").status(catalog.ready()).withData("topic", Catalog.TOPIC).build();
    }

    /**
     * Down while a stored contract or domain definition no longer loads (after an upgrade, say): the
     * gateway serves on, but those products take no events until their owners apply them again.
     */
    @Produces
    @Wellness
    HealthCheck storedContracts(Catalog catalog) {
        return () -> {
            List<Unloadable> products = catalog.unloadableProducts();
            List<Unloadable> domains = catalog.unloadableDomains();
            var response = HealthCheckResponse.named("stored-contracts").status(products.isEmpty() && domains.isEmpty());
            if (!products.isEmpty()) {
                response.withData("unloadableProducts", String.join(", ", products.stream().map(Unloadable::name).toList()));
            }
            if (!domains.isEmpty()) {
                response.withData("unloadableDomains", String.join(", ", domains.stream().map(Unloadable::name).toList()));
            }
            return response.build();
        };
    }
}
