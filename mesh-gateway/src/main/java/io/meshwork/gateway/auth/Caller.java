package io.meshwork.gateway.auth;

import java.util.Optional;

/**
 * An authenticated caller.
 *
 * @param principal who the token names
 * @param admin whether the token carries the {@code admin} role
 * @param domain the domain a producer token acts for, if any
 */
public record Caller(String principal, boolean admin, Optional<String> domain) {

    public static final String ADMIN = "admin";
    public static final String PRODUCER = "producer";
    public static final String CONSUMER = "consumer";
    /** The token claim that names the domain a producer acts for. */
    public static final String DOMAIN_CLAIM = "domain";

    /** Whether this caller may change what belongs to {@code owner}. */
    public boolean actsFor(String owner) {
        return admin || domain.filter(owner::equals).isPresent();
    }

    public String describe() {
        return principal + domain.map(d -> " (domain " + d + ")").orElse(admin ? " (admin)" : "");
    }
}
