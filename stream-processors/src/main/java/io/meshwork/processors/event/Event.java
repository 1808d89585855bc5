package io.meshwork.processors.event;

import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * A record of a product topic, decoded once for every processor that reads it. Passed between the
 * processors of one task in memory, never written to Kafka as such.
 *
 * @param topic the product topic
 * @param partition its partition
 * @param offset its offset
 * @param bytes the value as published (Confluent wire format), for processors that pass it on
 * @param record the decoded value; null when it could not be decoded
 * @param error why it could not be decoded, when it could not
 */
public record Event(String topic, int partition, long offset, byte[] bytes, GenericRecord record, String error) {

    public boolean decoded() {
        return record != null;
    }

    public Optional<String> decodeError() {
        return Optional.ofNullable(error);
    }
}
