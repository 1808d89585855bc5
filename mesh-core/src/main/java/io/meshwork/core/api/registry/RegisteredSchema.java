package io.meshwork.core.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A subject's version: the answer of {@code GET /subjects/{subject}/versions/{version}} and of lookups.
 *
 * @param deleted present (and true) only for a soft-deleted version asked for with {@code ?deleted=true}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisteredSchema(String subject, int version, int id, String schema, Boolean deleted) {
}
