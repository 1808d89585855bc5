package io.meshwork.core.access;

import java.util.Locale;
import org.apache.kafka.common.acl.AclBinding;

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

    private static String words(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
