package io.meshwork.processors.query;

import java.util.List;

/**
 * The windows of one key of an aggregate product.
 *
 * @param topic the aggregate product
 * @param key the key
 * @param servedBy the instance ({@code host:port}) whose store holds the key
 * @param windows the windows in the asked range, oldest first
 */
public record AggregateAnswer(String topic, String key, String servedBy, List<WindowResult> windows) {
}
