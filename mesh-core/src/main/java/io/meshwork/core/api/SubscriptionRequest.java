package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code PUT /v1/subscriptions/{name}}.
 *
 * @param sources the product topics to read, at least one
 * @param filter a CEL expression over {@code message} and {@code now}; absent delivers every event
 * @param fields the dotted paths of the fields to deliver; absent delivers whole events
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionRequest(List<String> sources, String filter, List<String> fields) {
}
