package io.meshwork.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The key of a record in {@code _mesh.catalog}: a product's contract by its topic, or a domain's
 * definition by its name. The gateway writes it; the stream processors follow it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogKey(String topic, String domain) {

    public static CatalogKey product(String topic) {
        return new CatalogKey(topic, null);
    }

    public static CatalogKey domain(String name) {
        return new CatalogKey(null, name);
    }

    /** Whether the record is a domain's definition. */
    @JsonIgnore
    public boolean isDomain() {
        return domain != null;
    }
}
