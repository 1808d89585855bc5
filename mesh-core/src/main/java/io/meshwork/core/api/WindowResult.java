package io.meshwork.core.api;

import java.time.Instant;
import java.util.Map;

/**
 * One window of an aggregate product, as far as it has been computed.
 *
 * @param windowStart where it starts
 * @param windowEnd where it ends
 * @param closed whether its result is final (published to the product's topic)
 * @param measures the measures by name: counts as integers, the others as decimals
 */
public record WindowResult(Instant windowStart, Instant windowEnd, boolean closed, Map<String, Number> measures) {
}
