package io.meshwork.core.api.registry;

/** The body and the answer of {@code PUT /config}: the compatibility level to set, e.g. {@code BACKWARD}. */
public record ConfigUpdate(String compatibility) {
}
