package io.meshwork.gateway.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the gateway manages Kafka access, under {@code mesh.kafka.access}. */
@ConfigMapping(prefix = "mesh.kafka.access")
public interface AccessSettings {

    /**
     * Whether this gateway keeps credentials and ACLs itself. Off where something else does (Strimzi's
     * User Operator on Kubernetes): then it only hands out credentials that exist.
     */
    @WithDefault("true")
    boolean manage();

    /** The key every principal's password derives from, as 64 hex digits; required. */
    Optional<String> credentialsKey();

    /** The access manager's own user, a super user of the brokers. */
    @WithDefault("mesh-control")
    String controlUsername();

    /** Its password; by default the one the credentials key derives for it. */
    Optional<String> controlPassword();

    /** The bootstrap servers handed to clients; by default the gateway's own {@code kafka.bootstrap.servers}. */
    Optional<String> clientBootstrapServers();

    /** How often credentials and ACLs are compared with what the brokers have, besides on every change. */
    @WithDefault("5m")
    Duration reconcileInterval();

    /** The transactional id all replicas share to write the registrations ({@code _mesh.principals}). */
    @WithDefault("mesh-principals-writer")
    String transactionalId();

    /** Principals whose ACLs this gateway never touches (besides the brokers' super users). */
    Optional<List<String>> keepPrincipals();
}
