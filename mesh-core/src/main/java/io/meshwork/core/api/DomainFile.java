package io.meshwork.core.api;

/**
 * A domain definition as {@code mesh apply} sends it.
 *
 * @param path its path in the contracts folder, e.g. {@code orders/domain.yaml}
 * @param yaml its text
 */
public record DomainFile(String path, String yaml) {
}
