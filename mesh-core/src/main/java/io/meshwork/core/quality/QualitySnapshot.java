package io.meshwork.core.quality;

import java.time.Instant;
import java.util.Map;

/**
 * What the quality monitor saw on one partition of a product in one reporting period of processing
 * time (a minute by default). Kept in the compacted {@link #TOPIC} under {@code <topic>/<partition>},
 * so the latest complete period of every partition is always there to read.
 *
 * @param topic the product
 * @param partition the partition
 * @param from when the period began
 * @param to when it ended
 * @param events how many events arrived in the period
 * @param checked how many of them were checked against the contract's rules (those published natively)
 * @param violations how many checked events broke a rule
 * @param violationsByRule how many events broke each rule
 * @param nulls how many events had each field null, by dotted path (fields never null are left out)
 * @param newestEventTime the newest event time seen on the partition so far, if any
 * @param maxDelayMillis the longest time from an event's time until the monitor saw it, in the period
 */
public record QualitySnapshot(String topic, int partition, Instant from, Instant to, long events, long checked, long violations,
                              Map<String, Long> violationsByRule, Map<String, Long> nulls, Instant newestEventTime,
                              long maxDelayMillis) {

    /** The compacted topic of the snapshots. */
    public static final String TOPIC = "_mesh.quality";

    public QualitySnapshot {
        violationsByRule = violationsByRule == null ? Map.of() : Map.copyOf(violationsByRule);
        nulls = nulls == null ? Map.of() : Map.copyOf(nulls);
    }

    public String key() {
        return topic + "/" + partition;
    }
}
