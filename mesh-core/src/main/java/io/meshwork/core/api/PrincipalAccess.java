package io.meshwork.core.api;

import io.meshwork.core.access.AccessRule;
import java.util.List;

/**
 * One principal of the mesh and what it may do on Kafka, as the gateway's ACL plan has it
 * ({@code GET /v1/kafka/principals}).
 *
 * @param principal its Kafka user
 * @param rules its permissions
 */
public record PrincipalAccess(String principal, List<AccessRule> rules) {

    public PrincipalAccess {
        rules = List.copyOf(rules);
    }
}
