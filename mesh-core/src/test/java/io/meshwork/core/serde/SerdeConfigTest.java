package io.meshwork.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {

    @Test
    void takesConfluentsPropertyNamesAndDefaults() {
        SerdeConfig config = SerdeConfig.from(Map.of("schema.registry.url", "http://a:8080/registry/, http://b:8080/registry",
                "bootstrap.servers", "ignored:9092"));

        assertThat(config.registryUrls()).containsExactly(URI.create("http://a:8080/registry"),
                URI.create("http://b:8080/registry"));
        assertThat(config.autoRegister()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificReader()).isFalse();
        assertThat(config.authorization()).isEmpty();
        assertThat(config.latestCacheTtl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsFlagsAndCredentials() {
        SerdeConfig bearer = SerdeConfig.from(Map.of("schema.registry.url", "http://r/registry",
                "auto.register.schemas", "false", "use.latest.version", true, "specific.avro.reader", "true",
                "bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "abc.def.ghi",
                "latest.cache.ttl.sec", "5"));
        assertThat(bearer.autoRegister()).isFalse();
        assertThat(bearer.useLatestVersion()).isTrue();
        assertThat(bearer.specificReader()).isTrue();
        assertThat(bearer.authorization()).contains("Bearer abc.def.ghi");
        assertThat(bearer.latestCacheTtl()).isEqualTo(Duration.ofSeconds(5));

        SerdeConfig basic = SerdeConfig.from(Map.of("schema.registry.url", "http://r/registry",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "ada:secret"));
        assertThat(basic.authorization()).contains("Basic YWRhOnNlY3JldA==");
    }

    @Test
    void saysWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> SerdeConfig.from(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
        assertThatThrownBy(() -> SerdeConfig.from(Map.of("schema.registry.url", "registry")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> SerdeConfig.from(Map.of("schema.registry.url", "http://r",
                "bearer.auth.credentials.source", "STATIC_TOKEN")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bearer.auth.token is required");
        assertThatThrownBy(() -> SerdeConfig.from(Map.of("schema.registry.url", "http://r",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "nocolon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password");
    }
}
