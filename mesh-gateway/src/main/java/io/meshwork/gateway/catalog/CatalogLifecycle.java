package io.meshwork.gateway.catalog;

import io.meshwork.gateway.registry.SchemaRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
                    SchemaRegistry registry) {
        return new Catalog(kafka, transactionalId, registry);
    }

    void close(@Disposes Catalog catalog) {
        catalog.close();
    }

    @Produces
    @Readiness
    HealthCheck catalogReadiness(Catalog catalog) {
        return () -> HealthCheckResponse.named("catalog").status(catalog.ready()).withData("topic", Catalog.TOPIC).build();
    }
}
