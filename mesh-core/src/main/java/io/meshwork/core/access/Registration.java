package io.meshwork.core.access;

import java.time.Instant;

/**
 * A consumer or admin registered for Kafka access, kept in {@value #TOPIC} keyed by its name.
 * Domains' and services' principals need no registration: the catalog and the mesh name them.
 *
 * @param name the principal, its token's subject
 * @param role what it may do
 * @param registeredBy who registered it
 * @param registeredAt when
 */
public record Registration(String name, Role role, String registeredBy, Instant registeredAt) {

    /** The compacted topic of every registration. */
    public static final String TOPIC = "_mesh.principals";

    /** What a registered principal is. */
    public enum Role {
        /** Reads products, its deliveries, and personal data it was granted. */
        CONSUMER,
        /** Operates the mesh: every topic, group and transactional id, but not ACLs. */
        ADMIN
    }
}
