package io.meshwork.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * One change to the control plane.
 *
 * @param at when
 * @param actor who (the token's principal)
 * @param action what kind of change, e.g. {@code contract.applied}
 * @param target what changed, e.g. a topic
 * @param reason why, as the caller said
 * @param changes the change in words
 */
public record AuditEvent(Instant at, String actor, String action, String target, String reason, List<String> changes) {
}
