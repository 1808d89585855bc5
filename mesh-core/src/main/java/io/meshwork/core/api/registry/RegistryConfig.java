package io.meshwork.core.api.registry;

/** The answer of {@code GET} and {@code DELETE /config}: the compatibility level in force. */
public record RegistryConfig(String compatibilityLevel) {
}
