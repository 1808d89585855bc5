package io.meshwork.core.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How sensitive a field is; it decides masking for consumers and pseudonymization in the lake. */
public enum Classification {
    /** Personal data: masked for consumers without a grant, pseudonymized in the lake. */
    PII,
    /** Business-sensitive, not personal: only for consumers with a grant. */
    RESTRICTED,
    /** Anyone with access to the product may read it. The default for unclassified fields. */
    PUBLIC;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Classification> of(String value) {
        return Arrays.stream(values()).filter(c -> c.yamlName().equals(value)).findFirst();
    }
}
