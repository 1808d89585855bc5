package io.meshwork.core.access;

import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One permission of a principal, as the API shows it and manifests render it.
 *
 * @param resourceType {@code topic}, {@code group}, {@code transactional-id} or {@code cluster}
 * @param name the resource's name or prefix; {@code *} for every resource of the type
 * @param patternType {@code literal} or {@code prefixed}
 * @param operation what it allows, e.g. {@code read}
 */
public record AccessRule(String resourceType, String name, String patternType, String operation) {

    public static AccessRule of(AclBinding binding) {
        return new AccessRule(words(binding.pattern().resourceType().name()), binding.pattern().name(),
                words(binding.pattern().patternType().name()), words(binding.entry().operation().name()));
    }

    /** The ACL this rule is for the principal: an allowed operation from any host. */
    public AclBinding binding(String principal) {
        return new AclBinding(new ResourcePattern(ResourceType.valueOf(constant(resourceType)), name,
                PatternType.valueOf(constant(patternType))), new AccessControlEntry("User:" + principal, "*",
                AclOperation.valueOf(constant(operation)), AclPermissionType.ALLOW));
    }

    private static String constant(String words) {
        return words.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String words(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
