package io.meshwork.gateway.catalog;

import io.meshwork.core.contract.KafkaServer;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.core.kafka.TopicSpec;
import io.meshwork.core.kafka.Topics;
import io.meshwork.gateway.problem.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Makes a product's Kafka topic look as its contract says: partitions, retention, cleanup policy.
 * Where something else owns the topics (Strimzi's Topic Operator, from the {@code KafkaTopic}s that
 * {@code mesh k8s render} writes), it only checks that the topic already looks so.
 */
public final class TopicLayout {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a topic has now. */
    record Current(int partitions, long retentionMs, String cleanupPolicy) {
    }

    private final Admin admin;
    private final boolean managed;

    /** @param managed whether this layout creates and changes topics, or only checks them */
    public TopicLayout(Admin admin, boolean managed) {
        this.admin = admin;
        this.managed = managed;
    }

    /** Creates the topic with the layout if it does not exist; an existing topic is left as it is. */
    public void ensure(String topic, KafkaServer layout) {
        if (describe(topic).isEmpty()) {
            apply(topic, layout, Optional.empty());
        }
    }

    Optional<Current> describe(String topic) {
        return Topics.describe(admin, topic, TIMEOUT).map(t -> new Current(t.partitions(),
                Long.parseLong(t.configs().get(TopicSpec.RETENTION_MS)), t.configs().get(TopicSpec.CLEANUP_POLICY)));
    }

    /**
     * The changes that would make the topic match; refuses what Kafka cannot do, such as fewer
     * partitions, and, where the topics are not managed here, any change at all.
     */
    List<String> plan(String topic, KafkaServer wanted, Optional<Current> current) {
        List<String> changes = changes(topic, wanted, current);
        if (!managed && !changes.isEmpty()) {
            String resource = "KafkaTopic " + topic;
            throw new ProblemException(409, "Topic not as its contract says", (current.isEmpty()
                    ? "topic " + topic + " does not exist yet" : "topic " + topic + " differs from its contract: "
                    + String.join(", ", changes)) + ". On this mesh Strimzi's Topic Operator owns product topics"
                    + " (mesh.catalog.manage-topics=false): render the contracts with mesh k8s render, let " + resource
                    + " sync, then apply again");
        }
        return changes;
    }

    private List<String> changes(String topic, KafkaServer wanted, Optional<Current> current) {
        List<String> changes = new ArrayList<>();
        if (current.isEmpty()) {
            changes.add("create topic " + topic + " with " + wanted.partitions() + " partitions, retention "
                    + readable(wanted.retention()) + ", cleanup " + wanted.cleanupPolicy());
            return changes;
        }
        Current now = current.get();
        if (wanted.partitions() < now.partitions()) {
            throw new ProblemException(409, "Partitions cannot shrink", "topic " + topic + " has " + now.partitions()
                    + " partitions and Kafka cannot reduce them to " + wanted.partitions()
                    + "; keep " + now.partitions() + ", or publish a new major version with fewer");
        }
        if (wanted.partitions() > now.partitions()) {
            changes.add("partitions " + now.partitions() + " -> " + wanted.partitions()
                    + " (keys move to other partitions from now on)");
        }
        if (wanted.retention().toMillis() != now.retentionMs()) {
            changes.add("retention " + readable(Duration.ofMillis(now.retentionMs())) + " -> " + readable(wanted.retention()));
        }
        if (!wanted.cleanupPolicy().equals(now.cleanupPolicy())) {
            changes.add("cleanup policy " + now.cleanupPolicy() + " -> " + wanted.cleanupPolicy());
        }
        return changes;
    }

    void apply(String topic, KafkaServer wanted, Optional<Current> current) {
        if (!managed) {
            throw new IllegalStateException("topic " + topic + " is not managed by the gateway");
        }
        try {
            Map<String, String> configs = Map.of("retention.ms", String.valueOf(wanted.retention().toMillis()),
                    "cleanup.policy", wanted.cleanupPolicy());
            if (current.isEmpty()
                    && Topics.createIfAbsent(admin, new TopicSpec(topic, wanted.partitions(), configs), TIMEOUT)) {
                return;
            }
            Current now = current.orElseGet(() -> describe(topic).orElseThrow());
            if (wanted.partitions() > now.partitions()) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(wanted.partitions())))
                        .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            Collection<AlterConfigOp> ops = configs.entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(topic, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(topic, e);
        }
    }

    /** ISO-8601, in days where it is whole days ({@code P7D} rather than {@code PT168H}). */
    private static String readable(Duration duration) {
        return duration.toMillis() % Duration.ofDays(1).toMillis() == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private static ControlLogUnavailableException unavailable(String topic, Throwable cause) {
        return new ControlLogUnavailableException("cannot set up topic " + topic + ": " + cause);
    }
}
