package io.meshwork.core.access;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a principal needs to connect a Kafka client to the mesh, as the gateway hands it out
 * ({@code POST /v1/kafka/credentials}).
 *
 * @param principal who the client acts as
 * @param kind {@code service}, {@code domain}, {@code consumer} or {@code admin}
 * @param bootstrapServers the brokers clients connect to
 * @param securityProtocol {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism {@value KafkaCredentials#MECHANISM}
 * @param username the SASL user name, the principal
 * @param password its password
 * @param groupPrefix the prefix the principal's consumer groups must start with
 * @param transactionalIdPrefix the prefix its transactional ids must start with, for a domain's principal
 */
public record KafkaClientCredentials(String principal, String kind, String bootstrapServers, String securityProtocol,
                                     String saslMechanism, String username, String password, String groupPrefix,
                                     String transactionalIdPrefix) {

    /** The settings of a Java client ({@code .properties}), which Kafka's own tools read too. */
    public Map<String, Object> javaConfig() {
        Map<String, Object> config = new LinkedHashMap<>(KafkaCredentials.clientConfig(bootstrapServers,
                username, password));
        config.put("security.protocol", securityProtocol);
        config.put("sasl.mechanism", saslMechanism);
        return config;
    }

    /** The settings of a librdkafka client (kcat {@code -F}, confluent-kafka-python, node-rdkafka). */
    public Map<String, String> librdkafkaConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", securityProtocol);
        config.put("sasl.mechanisms", saslMechanism);
        config.put("sasl.username", username);
        config.put("sasl.password", password);
        return config;
    }
}
