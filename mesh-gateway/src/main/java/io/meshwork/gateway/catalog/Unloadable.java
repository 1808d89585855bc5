package io.meshwork.gateway.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A product's contract or a domain's definition in {@code _mesh.catalog} that this version of the
 * loader refuses, though it was valid when applied: kept and reported, never silently dropped, and
 * closed to publishing until its owner applies it again.
 *
 * @param name the product's topic or the domain's name
 * @param path the file it was applied from
 * @param problems why it no longer loads
 * @param appliedBy who applied it
 * @param appliedAt when
 */
public record Unloadable(String name, String path, List<String> problems, String appliedBy, Instant appliedAt) {

    public Unloadable {
        problems = List.copyOf(problems);
    }
}
