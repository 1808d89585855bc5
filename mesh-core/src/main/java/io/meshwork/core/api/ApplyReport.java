package io.meshwork.core.api;

import java.util.List;

/**
 * What applying a set of contracts did, or would do in a dry run: the answer of {@code POST /v1/contracts}.
 *
 * @param dryRun whether nothing was changed
 * @param contracts one outcome per contract, in the order sent
 * @param domains one outcome per domain definition, in the order sent
 */
public record ApplyReport(boolean dryRun, List<Outcome> contracts, List<Outcome> domains) {

    /**
     * @param topic the product version, or the domain
     * @param action {@code created}, {@code updated} or {@code unchanged}
     * @param changes each change in words; empty when unchanged
     */
    public record Outcome(String topic, String action, List<String> changes) {
    }
}
