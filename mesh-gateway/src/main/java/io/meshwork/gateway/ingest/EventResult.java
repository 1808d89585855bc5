package io.meshwork.gateway.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to one event of a batch.
 *
 * @param index its position in the batch, from 0
 * @param id its CloudEvents id
 * @param status {@code accepted} (Kafka has it), {@code rejected} (it went to the dead-letter topic)
 *     or {@code failed} (Kafka did not acknowledge it: send it again)
 * @param field for a rejection by the schema, the JSON path of the offending field
 * @param rule for a rejection by a quality rule, the rule's name
 * @param message why it was rejected or failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventResult(int index, String id, String status, Integer partition, Long offset, String field, String rule,
                          String message) {

    static EventResult accepted(int index, String id, int partition, long offset) {
        return new EventResult(index, id, "accepted", partition, offset, null, null, null);
    }

    static EventResult rejected(int index, String id, String field, String rule, String message) {
        return new EventResult(index, id, "rejected", null, null, field, rule, message);
    }

    static EventResult failed(int index, String id, String message) {
        return new EventResult(index, id, "failed", null, null, null, null, message);
    }
}
