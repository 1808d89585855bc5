package io.meshwork.core.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A topic as the mesh needs it: its partitions and the configuration it is created with. Of that
 * configuration, the settings that decide whether records survive are also verified on a topic that
 * exists already: {@code cleanup.policy} exactly, and {@code retention.ms} at least.
 *
 * @param name the topic
 * @param partitions how many partitions it has
 * @param configs its topic configuration
 * @param majorityWrites whether a write needs a majority of its replicas ({@code min.insync.replicas},
 *     set from the replicas it is created with)
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, boolean majorityWrites) {

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    /** The settings checked on an existing topic: a wrong one loses records the mesh promised to keep. */
    static final Set<String> VERIFIED = Set.of(CLEANUP_POLICY, RETENTION_MS);

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    public TopicSpec(String name, int partitions, Map<String, String> configs) {
        this(name, partitions, configs, false);
    }

    /** A single-partition compacted topic, as the control plane keeps its state in. */
    public static TopicSpec compacted(String name) {
        return new TopicSpec(name, 1, Map.of(CLEANUP_POLICY, "compact"));
    }

    /** A single-partition topic whose records are deleted after a retention. */
    public static TopicSpec retained(String name, Duration retention) {
        return new TopicSpec(name, 1, Map.of(CLEANUP_POLICY, "delete", RETENTION_MS,
                String.valueOf(retention.toMillis())));
    }

    /** The same topic, taking writes only while a majority of its replicas has them. */
    public TopicSpec withMajorityWrites() {
        return new TopicSpec(name, partitions, configs, true);
    }
}
