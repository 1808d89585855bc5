package io.meshwork.gateway.catalog;

import java.time.Instant;

/** A domain definition as {@code _mesh.catalog} keeps it: its text as applied, and who applied it when. */
public record DomainEntry(String domain, String path, String yaml, String appliedBy, Instant appliedAt) {
}
