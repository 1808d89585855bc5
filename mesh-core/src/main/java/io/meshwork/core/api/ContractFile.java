package io.meshwork.core.api;

import java.util.Map;

/**
 * A contract as {@code mesh apply} sends it.
 *
 * @param path its path in the contracts folder, e.g. {@code orders/order-placed.v1.yaml}
 * @param yaml its text
 * @param schemas the files beside it that it names, by file name
 */
public record ContractFile(String path, String yaml, Map<String, String> schemas) {
}
