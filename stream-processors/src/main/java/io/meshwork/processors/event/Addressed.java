package io.meshwork.processors.event;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A value on its way to a topic chosen per record: a delivery, a dead letter or a quality report.
 *
 * @param topic where it goes
 * @param value what is written
 */
public record Addressed(String topic, byte[] value) {

    /** Writes only the value; the topic is taken by {@link #TOPIC}. */
    public static final Serde<Addressed> SERDE = Serdes.serdeFrom(
            (topic, addressed) -> addressed == null ? null : addressed.value(),
            (topic, bytes) -> {
                throw new UnsupportedOperationException("addressed values are only written");
            });

    /** Sends each record to the topic it is addressed to. */
    public static final TopicNameExtractor<String, Addressed> TOPIC = (key, value, context) -> value.topic();
}
