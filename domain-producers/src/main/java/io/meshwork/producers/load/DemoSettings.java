package io.meshwork.producers.load;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The demo producers' settings, under {@code mesh.demo}. */
@ConfigMapping(prefix = "mesh.demo")
public interface DemoSettings {

    /** Whether to produce at all once started. */
    @WithDefault("true")
    boolean enabled();

    /** Events per second, all domains together. */
    @WithDefault("20")
    double rate();

    /** How long to produce; absent, until stopped. With a duration the service exits when done, after a summary. */
    Optional<Duration> duration();

    /** The world's random seed; the same seed replays the same story. Absent, a new one each start. */
    OptionalLong seed();

    /** The gateway: its HTTP ingestion API, and its schema registry under {@code /registry}. */
    @WithDefault("http://localhost:8080")
    URI gatewayUrl();

    /** A bearer token per domain ({@code mesh.demo.tokens.orders=...}), e.g. from {@code mesh token --domain orders}. */
    Map<String, String> tokens();

    /**
     * A Kafka password per natively producing domain ({@code mesh.demo.kafka-passwords.orders=...}): each
     * domain's service connects as its own principal, e.g. from {@code mesh kafka-config --domain orders}.
     */
    Map<String, String> kafkaPasswords();

    /** A domain's Kafka user where it is not {@code <domain>-service} ({@code mesh.demo.kafka-users.orders=...}). */
    Map<String, String> kafkaUsers();

    /** Events per HTTP batch. */
    @WithDefault("200")
    int httpBatchSize();

    /** How long an HTTP batch waits to fill before it is sent anyway. */
    @WithDefault("250ms")
    Duration httpLinger();

    /** Events sent but not yet confirmed, beyond which the generator waits: the bound on memory and on loss at a crash. */
    @WithDefault("20000")
    int maxInFlight();
}
