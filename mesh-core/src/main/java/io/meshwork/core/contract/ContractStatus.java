package io.meshwork.core.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a data product version is in its life. */
public enum ContractStatus {
    /** Being designed; may be published to for testing. */
    DRAFT,
    /** In use. */
    ACTIVE,
    /** Still served, but consumers should move to a newer version. */
    DEPRECATED,
    /** No longer accepts events. */
    RETIRED;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ContractStatus> of(String value) {
        return Arrays.stream(values()).filter(s -> s.yamlName().equals(value)).findFirst();
    }
}
