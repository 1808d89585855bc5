package io.meshwork.producers.publish;

import io.meshwork.core.access.AccessView;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.producers.load.DemoSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Each domain's producer settings beyond the shared ones in {@code application.properties}: its own
 * Kafka principal and the registry with its own token, so that each domain's service speaks to
 * Kafka and to the registry as itself, and can write only its own products.
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
        String user = settings.kafkaUsers().getOrDefault(domain, AccessView.Domain.defaultPrincipal(domain));
        String password = settings.kafkaPasswords().get(domain);
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("mesh.demo.kafka-passwords." + domain + " is not set: the " + domain
                    + " domain's service connects to Kafka as " + user + "; ./mesh kafka-config --domain " + domain
                    + " prints its password");
        }
        return Map.of(SaslConfigs.SASL_JAAS_CONFIG, KafkaCredentials.jaas(user, password),
                SerdeConfig.SCHEMA_REGISTRY_URL, settings.gatewayUrl().resolve("/registry").toString(),
                SerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                SerdeConfig.REMOVE_JAVA_PROPERTIES, "true",
                SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                SerdeConfig.BEARER_AUTH_TOKEN, DomainTokens.of(settings, domain));
    }
}
