package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code POST /v1/products/{topic}/events}: 200 when every event was accepted, 207
 * when some were rejected, and 503 (as a problem that carries the same results) when Kafka did not
 * acknowledge some, which the client sends again.
 *
 * @param accepted how many events Kafka has
 * @param rejected how many went to the dead-letter topic
 * @param failed how many Kafka did not acknowledge
 * @param results one result per event, in the order sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishReport(long accepted, long rejected, long failed, List<EventResult> results) {

    public static PublishReport of(List<EventResult> results) {
        return new PublishReport(count(results, EventResult.ACCEPTED), count(results, EventResult.REJECTED),
                count(results, EventResult.FAILED), results);
    }

    private static long count(List<EventResult> results, String status) {
        return results.stream().filter(r -> r.status().equals(status)).count();
    }
}
