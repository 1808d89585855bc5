package io.meshwork.gateway.subscription;

import io.meshwork.core.kafka.ControlLog;
import io.meshwork.gateway.catalog.Catalog;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Creates the subscriptions and grants from the gateway's Kafka settings at start (so that a
 * readiness probe never waits for them), reports readiness and closes them.
 */
@ApplicationScoped
public class SubscriptionLifecycle {

    @Produces
    @Singleton
    @Startup
    Subscriptions subscriptions(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                                @ConfigProperty(name = "mesh.subscriptions.transactional-id") String transactionalId,
                                @ConfigProperty(name = "mesh.subscriptions.delivery-topic-grace") Duration grace,
                                Catalog catalog, ControlLog.Settings settings, Clock clock) {
        return new Subscriptions(kafka, transactionalId, catalog, grace, settings, clock).start();
    }

    void close(@Disposes Subscriptions subscriptions) {
        subscriptions.close();
    }

    @Produces
    @Readiness
    HealthCheck subscriptionsReadiness(Subscriptions subscriptions) {
        return () -> HealthCheckResponse.named("subscriptions").status(subscriptions.ready()).build();
    }
}
