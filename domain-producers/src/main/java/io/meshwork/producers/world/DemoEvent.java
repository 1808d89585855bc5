package io.meshwork.producers.world;

import java.time.Instant;

/** One event the demo world emits, for the domain that owns {@link #topic()}. */
public sealed interface DemoEvent permits NativeEvent, JsonEvent {

    /** The owning domain, also the event's CloudEvents source. */
    String domain();

    /** The data product's topic, e.g. {@code orders.order-placed.v2}. */
    String topic();

    /** The Kafka key: the product's key field. */
    String key();

    /** When it happened; also its record timestamp. */
    Instant time();

    /** Its CloudEvents id. */
    String id();
}
