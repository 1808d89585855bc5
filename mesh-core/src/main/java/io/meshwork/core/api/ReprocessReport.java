package io.meshwork.core.api;

import java.util.List;

/**
 * The answer of {@code POST /v1/dlq/{domain}/reprocess}.
 *
 * @param republished dead letters that now pass and were published to their product
 * @param rejected dead letters that still fail, recorded again with the current reason
 * @param skipped dead letters that were reprocessed before
 * @param results one outcome per dead letter looked at
 */
public record ReprocessReport(long republished, long rejected, long skipped, List<Outcome> results) {

    /** What one run did with one dead letter. */
    public record Outcome(long offset, String topic, String id, String status, String message) {
    }

    public static ReprocessReport of(List<Outcome> outcomes) {
        return new ReprocessReport(count(outcomes, "republished"), count(outcomes, "rejected"),
                count(outcomes, "skipped"), outcomes);
    }

    private static long count(List<Outcome> outcomes, String status) {
        return outcomes.stream().filter(o -> o.status().equals(status)).count();
    }
}
