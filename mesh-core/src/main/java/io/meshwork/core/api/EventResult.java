package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to one event of a published batch.
 *
 * @param index its position in the batch, from 0
 * @param id its CloudEvents id
 * @param status {@code accepted} (Kafka has it), {@code rejected} (it went to the dead-letter topic)
 *     or {@code failed} (Kafka did not acknowledge it: send it again)
 * @param partition for an accepted event, the partition it is in
 * @param offset for an accepted event, its offset there
 * @param field for a rejection by the schema, the JSON path of the offending field
 * @param rule for a rejection by a quality rule, the rule's name
 * @param message why it was rejected or failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventResult(int index, String id, String status, Integer partition, Long offset, String field, String rule,
                          String message) {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    public static EventResult accepted(int index, String id, int partition, long offset) {
        return new EventResult(index, id, ACCEPTED, partition, offset, null, null, null);
    }

    public static EventResult rejected(int index, String id, String field, String rule, String message) {
        return new EventResult(index, id, REJECTED, null, null, field, rule, message);
    }

    public static EventResult failed(int index, String id, String message) {
        return new EventResult(index, id, FAILED, null, null, null, null, message);
    }
}
