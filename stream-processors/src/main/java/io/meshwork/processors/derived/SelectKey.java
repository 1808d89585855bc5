package io.meshwork.processors.derived;

import io.meshwork.processors.event.Event;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Keeps the events of one topic and keys each by the value at a path, passing its bytes on as published. */
final class SelectKey implements Processor<String, Event, String, byte[]> {

    private final String topic;
    private final String keyPath;
    private ProcessorContext<String, byte[]> context;

    SelectKey(String topic, String keyPath) {
        this.topic = topic;
        this.keyPath = keyPath;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (!event.topic().equals(topic) || !event.decoded()) {
            return;
        }
        String key = Values.text(event.record(), keyPath);
        if (key != null) {
            context.forward(record.withKey(key).withValue(event.bytes()));
        }
    }
}
