package io.meshwork.core.serde;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's settings, under Confluent's property names so that existing client configuration
 * works unchanged.
 *
 * @param registryUrls {@code schema.registry.url}: one or more base URLs, comma-separated, tried in order
 * @param autoRegister {@code auto.register.schemas}: register a record's schema on first use (default true)
 * @param useLatestVersion {@code use.latest.version}: write with the subject's latest schema (default false)
 * @param specificReader {@code specific.avro.reader}: read into generated classes (default false)
 * @param authorization the {@code Authorization} header from {@code bearer.auth.*} or {@code basic.auth.*}
 * @param latestCacheTtl {@code latest.cache.ttl.sec}: how long a subject's latest version is cached
 * @param removeJavaProperties {@code avro.remove.java.properties}: drop the {@code avro.java.string}
 *     properties that generated classes carry (avro-maven-plugin's {@code stringType}) before the
 *     schema is looked up or registered, so that it matches the contract's schema (default false)
 */
public record SerdeConfig(List<URI> registryUrls, boolean autoRegister, boolean useLatestVersion, boolean specificReader,
                          Optional<String> authorization, Duration latestCacheTtl, boolean removeJavaProperties) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String LATEST_CACHE_TTL = "latest.cache.ttl.sec";
    public static final String REMOVE_JAVA_PROPERTIES = "avro.remove.java.properties";

    /** Reads the settings from a Kafka client's configuration; other keys are ignored. */
    public static SerdeConfig from(Map<String, ?> configs) {
        Object urls = configs.get(SCHEMA_REGISTRY_URL);
        if (urls == null || urls.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required: the base URL of the schema registry,"
                    + " e.g. http://localhost:8080/registry");
        }
        List<URI> registryUrls = Arrays.stream(urls.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(SerdeConfig::url).toList();
        return new SerdeConfig(registryUrls,
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                bool(configs, SPECIFIC_AVRO_READER, false),
                authorization(configs),
                Duration.ofSeconds(seconds(configs, LATEST_CACHE_TTL, 60)),
                bool(configs, REMOVE_JAVA_PROPERTIES, false));
    }

    private static URI url(String value) {
        String base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = URI.create(base);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, value, "not a URL like http://localhost:8080/registry");
        }
    }

    private static long seconds(Map<String, ?> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        try {
            return value == null ? defaultValue : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a whole number of seconds");
        }
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        return value == null ? defaultValue : Boolean.parseBoolean(value.toString());
    }

    private static Optional<String> authorization(Map<String, ?> configs) {
        Object bearerSource = configs.get(BEARER_AUTH_CREDENTIALS_SOURCE);
        if (bearerSource != null) {
            if (!"STATIC_TOKEN".equals(bearerSource.toString())) {
                throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE, bearerSource, "only STATIC_TOKEN is supported");
            }
            Object token = configs.get(BEARER_AUTH_TOKEN);
            if (token == null || token.toString().isBlank()) {
                throw new ConfigException(BEARER_AUTH_TOKEN + " is required with " + BEARER_AUTH_CREDENTIALS_SOURCE
                        + "=STATIC_TOKEN");
            }
            return Optional.of("Bearer " + token);
        }
        Object basicSource = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        if (basicSource != null) {
            if (!"USER_INFO".equals(basicSource.toString())) {
                throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, basicSource, "only USER_INFO is supported");
            }
            Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
            if (userInfo == null || !userInfo.toString().contains(":")) {
                throw new ConfigException(BASIC_AUTH_USER_INFO + " is required as user:password with "
                        + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
            }
            return Optional.of("Basic " + Base64.getEncoder()
                    .encodeToString(userInfo.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }
}
