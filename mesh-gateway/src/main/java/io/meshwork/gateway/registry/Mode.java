package io.meshwork.gateway.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Confluent's registry modes: whether a subject (or the registry) accepts new schemas. */
public enum Mode {
    READWRITE,
    READONLY,
    /** Like READONLY, but also refuses deletes. */
    READONLY_OVERRIDE,
    /** Accepts schemas with the ids and versions they had in the registry a migration comes from. */
    IMPORT;

    static Optional<Mode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.name().equals(value == null ? "" : value.toUpperCase(Locale.ROOT)))
                .findFirst();
    }

    boolean acceptsWrites() {
        return this == READWRITE || this == IMPORT;
    }
}
