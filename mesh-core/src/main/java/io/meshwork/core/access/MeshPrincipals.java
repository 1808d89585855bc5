package io.meshwork.core.access;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of the mesh's own Kafka principals, and the rules every principal name follows. A
 * principal's Kafka user name is its token subject, so one identity holds over HTTP and Kafka.
 */
public final class MeshPrincipals {

    /** The broker itself: inter-broker and controller traffic. A super user. */
    public static final String BROKER = "mesh-broker";
    /** The gateway's access manager: SCRAM credentials and ACLs. A super user, used for nothing else. */
    public static final String CONTROL = "mesh-control";
    /** The gateway's data plane: control topics, ingestion, dead letters, delivery streams. */
    public static final String GATEWAY = "mesh-gateway";
    /** The stream processors; also their Kafka Streams application id, which prefixes their groups and topics. */
    public static final String PROCESSORS = "mesh-stream-processors";
    /** The archiver; also its consumer group. */
    public static final String ARCHIVER = "mesh-archiver";

    /** The services whose access the plan computes. */
    public static final List<String> SERVICES = List.of(GATEWAY, PROCESSORS, ARCHIVER);
    /** The super users a broker of the mesh is configured with. */
    public static final List<String> SUPER_USERS = List.of(BROKER, CONTROL);

    private static final String RESERVED_PREFIX = "mesh-";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final int MAX_NAME = 100;

    private MeshPrincipals() {
    }

    /** Kafka's name for a user principal, e.g. {@code User:orders-service}. */
    public static String user(String name) {
        return "User:" + name;
    }

    /**
     * The prefix of the consumer groups and transactional ids a principal may use: its name and a
     * dot, so that no principal's prefix covers another's ({@code billing.} is not a prefix of
     * {@code billing-ops.}).
     */
    public static String ownPrefix(String name) {
        return name + ".";
    }

    /** Why a name cannot be a principal the mesh hands out, or empty when it can. */
    public static Optional<String> checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_NAME) {
            return Optional.of("'" + name + "' cannot name a Kafka principal: use lowercase letters, digits and hyphens,"
                    + " at most " + MAX_NAME + " characters");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            return Optional.of("'" + name + "' starts with " + RESERVED_PREFIX + ", which is reserved for the mesh's own"
                    + " services");
        }
        return Optional.empty();
    }
}
