package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A product as {@code GET /v1/products} lists it. A stored contract that no longer loads is listed
 * with status {@code unloadable}, its problems, and nothing else.
 *
 * @param topic its topic, e.g. {@code orders.order-placed.v1}
 * @param domain the owning domain
 * @param dataProduct the event's name, e.g. {@code order-placed}
 * @param majorVersion the major version in the topic
 * @param version the contract's full version, e.g. {@code 1.2.0}
 * @param status {@code active}, {@code deprecated}, {@code retired} or {@code unloadable}
 * @param team the owning team
 * @param problems why an unloadable contract does not load
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProductSummary(String topic, String domain, String dataProduct, Integer majorVersion, String version,
                             String status, String team, List<String> problems) {
}
