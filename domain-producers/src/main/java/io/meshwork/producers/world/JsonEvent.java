package io.meshwork.producers.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** An event a service outside the JVM publishes over HTTP: plain JSON shaped after the contract's schema. */
public record JsonEvent(String domain, String topic, String key, Instant time, String id, ObjectNode data)
        implements DemoEvent {
}
