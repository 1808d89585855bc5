package io.meshwork.core.api.registry;

/** One use of a schema id: a subject and the version it has there. */
public record SubjectVersion(String subject, int version) {
}
