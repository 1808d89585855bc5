package io.meshwork.core.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A domain of the mesh, as its {@code domain.yaml} declares it.
 *
 * @param name the domain, lower-kebab
 * @param team the owning team
 * @param contacts how to reach the team
 * @param tokenSubjects the token principals that may publish for the domain; empty for any token of the domain
 * @param allowlist the source networks (CIDR) that may publish over HTTP; empty for any
 * @param eventsPerSecond the produce quota over HTTP, per gateway replica; empty for none
 * @param source the file
 */
public record DomainDefinition(String name, String team, List<String> contacts, List<String> tokenSubjects,
                               List<Cidr> allowlist, Optional<Integer> eventsPerSecond, Path source) {

    public DomainDefinition {
        contacts = List.copyOf(contacts);
        tokenSubjects = List.copyOf(tokenSubjects);
        allowlist = List.copyOf(allowlist);
    }

    /** Whether a source address may publish for the domain. */
    public boolean allows(String address) {
        return allowlist.isEmpty() || allowlist.stream().anyMatch(cidr -> cidr.contains(address));
    }
}
