package io.meshwork.core.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of a compatibility test.
 *
 * @param compatible whether the schema may be registered
 * @param messages why not, with {@code ?verbose=true}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompatibilityCheck(@JsonProperty("is_compatible") boolean compatible, List<String> messages) {
}
