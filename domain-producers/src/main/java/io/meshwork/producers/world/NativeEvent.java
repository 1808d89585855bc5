package io.meshwork.producers.world;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** An event a JVM service produces natively: an instance of a class generated from the contract's schema. */
public record NativeEvent(String domain, String topic, String key, Instant time, String id, SpecificRecord value)
        implements DemoEvent {
}
