package io.meshwork.gateway.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Confluent's compatibility levels: which earlier versions a new schema must stay compatible with. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The mesh's default: every version can read and be read by every other. */
    public static final CompatibilityLevel DEFAULT = FULL_TRANSITIVE;

    final boolean backward;
    final boolean forward;
    final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    static Optional<CompatibilityLevel> parse(String value) {
        return Arrays.stream(values()).filter(l -> l.name().equals(value == null ? "" : value.toUpperCase(Locale.ROOT)))
                .findFirst();
    }
}
