package io.meshwork.gateway.registry;

import io.meshwork.core.kafka.ControlLog;
import io.meshwork.gateway.access.AccessReconciler;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Creates the registry from the gateway's Kafka settings, reports its readiness and closes it. */
@ApplicationScoped
public class RegistryLifecycle {

    /** Created after the access reconciler, which gives the gateway's own principal its ACLs first. */
    @Produces
    @Singleton
    SchemaRegistry registry(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                            @ConfigProperty(name = "mesh.registry.transactional-id") String transactionalId,
                            AccessReconciler accessFirst, ControlLog.Settings settings, Clock clock) {
        return new SchemaRegistry(kafka, transactionalId, settings, clock).start();
    }

    void close(@Disposes SchemaRegistry registry) {
        registry.close();
    }

    @Produces
    @Readiness
    HealthCheck registryReadiness(SchemaRegistry registry) {
        return () -> HealthCheckResponse.named("schema-registry")
                .status(registry.ready())
                .withData("topic", SchemaRegistry.TOPIC)
                .build();
    }
}
