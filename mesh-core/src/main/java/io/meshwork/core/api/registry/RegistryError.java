package io.meshwork.core.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Confluent's error body: an error code (the HTTP status and a digit or two) and a message. */
public record RegistryError(@JsonProperty("error_code") int errorCode, String message) {
}
