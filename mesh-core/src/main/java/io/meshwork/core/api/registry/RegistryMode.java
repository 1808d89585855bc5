package io.meshwork.core.api.registry;

/** The body and answer of the {@code /mode} calls: {@code READWRITE}, {@code READONLY} or {@code IMPORT}. */
public record RegistryMode(String mode) {
}
