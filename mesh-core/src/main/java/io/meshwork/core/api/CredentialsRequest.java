package io.meshwork.core.api;

/**
 * The body of {@code POST /v1/kafka/credentials}.
 *
 * @param principal whose credentials: only an admin may name another principal; absent for the caller's own
 */
public record CredentialsRequest(String principal) {
}
