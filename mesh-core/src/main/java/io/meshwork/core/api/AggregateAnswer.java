package io.meshwork.core.api;

import java.util.List;

/**
 * The windows of one key of an aggregate product: the answer of the stream processors'
 * {@code GET /v1/aggregates/{topic}/{key}}.
 *
 * @param topic the aggregate product
 * @param key the key
 * @param servedBy the instance ({@code host:port}) whose store holds the key
 * @param windows the windows in the asked range, oldest first
 */
public record AggregateAnswer(String topic, String key, String servedBy, List<WindowResult> windows) {
}
