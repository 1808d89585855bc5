package io.meshwork.processors.event;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns each raw product record into an {@link Event}, decoded once for every processor after it. */
public final class DecodeEvents implements FixedKeyProcessor<String, byte[], Event> {

    private final Decoder decoder;
    private FixedKeyProcessorContext<String, Event> context;

    public DecodeEvents(Decoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Event> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        context.forward(record.withValue(decoder.event(metadata.topic(), metadata.partition(), metadata.offset(),
                record.value())));
    }
}
