package io.meshwork.core.access;

import io.meshwork.core.auth.SecretFile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every principal's SCRAM-SHA-512 password, derived from one secret key with HMAC-SHA256, so that
 * the gateway can hand a principal its credentials without storing any: the same key gives the
 * same password, and a new key gives every principal a new one.
 */
public final class KafkaCredentials {

    /** The SASL mechanism of every listener of the mesh. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The iterations of each stored SCRAM credential (Kafka's minimum is 4096). */
    public static final int ITERATIONS = 4096;

    private final String hexKey;
    private final SecretKeySpec key;

    /** @param hexKey the key, as hex digits (at least 32 bytes) */
    public KafkaCredentials(String hexKey) {
        this.key = new SecretKeySpec(SecretFile.hexKey(hexKey, "the Kafka credentials key"), "HmacSHA256");
        this.hexKey = hexKey.trim();
    }

    /** The principal's password. */
    public String password(String principal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(("kafka-scram:" + principal).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    /** The Java client settings that authenticate as the principal, beside {@code bootstrap.servers}. */
    public Map<String, Object> clientConfig(String bootstrapServers, String principal) {
        return clientConfig(bootstrapServers, principal, password(principal));
    }

    /** The Java client settings that authenticate as a user with a password, beside {@code bootstrap.servers}. */
    public static Map<String, Object> clientConfig(String bootstrapServers, String username, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", jaas(username, password));
        return config;
    }

    /**
     * The settings a Quarkus service of the mesh reads to connect as a principal: the bootstrap
     * servers, and the user and password its own configuration puts in the SCRAM login.
     */
    public Map<String, String> serviceSettings(String bootstrapServers, String principal) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrapServers);
        settings.put("mesh.kafka.username", principal);
        settings.put("mesh.kafka.password", password(principal));
        return settings;
    }

    /** {@link #serviceSettings} of the gateway, with this key, from which its access manager derives every password. */
    public Map<String, String> gatewaySettings(String bootstrapServers) {
        Map<String, String> settings = serviceSettings(bootstrapServers, MeshPrincipals.GATEWAY);
        settings.put("mesh.kafka.access.credentials-key", hexKey);
        return settings;
    }

    /** A JAAS entry for Kafka's SCRAM login module. */
    public static String jaas(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(username)
                + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
