package io.meshwork.producers.publish;

import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.producers.load.DemoSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;

/**
 * Each domain's producer settings beyond the shared ones in {@code application.properties}: the
 * registry and the domain's own token, so that a domain's service speaks to the registry as itself.
 */
@ApplicationScoped
public class DomainKafkaConfig {

    private final DemoSettings settings;

    DomainKafkaConfig(DemoSettings settings) {
        this.settings = settings;
    }

    @Produces
    @Identifier("orders-kafka")
    Map<String, Object> orders() {
        return of("orders");
    }

    @Produces
    @Identifier("logistics-kafka")
    Map<String, Object> logistics() {
        return of("logistics");
    }

    @Produces
    @Identifier("restaurants-kafka")
    Map<String, Object> restaurants() {
        return of("restaurants");
    }

    @Produces
    @Identifier("customers-kafka")
    Map<String, Object> customers() {
        return of("customers");
    }

    private Map<String, Object> of(String domain) {
        return Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, settings.gatewayUrl().resolve("/registry").toString(),
                SerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                SerdeConfig.REMOVE_JAVA_PROPERTIES, "true",
                SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                SerdeConfig.BEARER_AUTH_TOKEN, DomainTokens.of(settings, domain));
    }
}
