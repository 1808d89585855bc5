package io.meshwork.testkit.kafka;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Which Kafka a test talks to. In order: an external cluster when {@value #BOOTSTRAP_ENV} is set;
 * a Testcontainers broker when {@value #MODE_ENV}{@code =container} or when a Docker engine
 * answers; otherwise the embedded broker. {@value #MODE_ENV}{@code =embedded} forces the latter.
 */
public enum KafkaSource {
    EXTERNAL,
    CONTAINER,
    EMBEDDED;

    public static final String BOOTSTRAP_ENV = "MESH_TEST_KAFKA_BOOTSTRAP";
    public static final String MODE_ENV = "MESH_TEST_KAFKA";

    /**
     * Chooses the source from the environment.
     *
     * @param env looks up an environment variable, {@code null} when unset
     * @param dockerAvailable asked only when the choice depends on it
     * @throws IllegalStateException when {@value #MODE_ENV} names something that cannot be had
     */
    public static KafkaSource select(Function<String, String> env, BooleanSupplier dockerAvailable) {
        String bootstrap = env.apply(BOOTSTRAP_ENV);
        if (bootstrap != null && !bootstrap.isBlank()) {
            return EXTERNAL;
        }
        String mode = env.apply(MODE_ENV);
        mode = mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "embedded" -> EMBEDDED;
            case "container" -> {
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException(MODE_ENV + "=container but no Docker engine answers;"
                            + " start one, or unset " + MODE_ENV + " to use the embedded broker");
                }
                yield CONTAINER;
            }
            case "auto" -> dockerAvailable.getAsBoolean() ? CONTAINER : EMBEDDED;
            case "external" -> throw new IllegalStateException(
                    MODE_ENV + "=external needs " + BOOTSTRAP_ENV + " set to the cluster's bootstrap servers");
            default -> throw new IllegalStateException(MODE_ENV + " must be one of auto, embedded, container,"
                    + " external; it is '" + mode + "'");
        };
    }
}
