package io.meshwork.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topics a service needs, or verifies the ones that exist. */
public final class Topics {

    /** How long a call to Kafka may take by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    /** What {@link #createOrVerify} found. */
    public enum Outcome {
        CREATED, VERIFIED
    }

    /**
     * Creates the topic, replicated three times (or on every broker when fewer), unless it exists;
     * an existing one must have the spec's partitions and cleanup policy, and keep records at least as long.
     *
     * @throws TopicMismatchException when it exists otherwise, saying what differs and how to fix it
     * @throws ControlLogUnavailableException when Kafka refuses or does not answer in time
     */
    public static Outcome createOrVerify(Admin admin, TopicSpec spec, Duration timeout) {
        if (createIfAbsent(admin, spec, timeout)) {
            return Outcome.CREATED;
        }
        List<String> differences = call("verify", spec.name(), timeout,
                () -> differences(spec, existing(admin, spec.name(), timeout)));
        if (!differences.isEmpty()) {
            throw new TopicMismatchException(spec.name(), differences);
        }
        return Outcome.VERIFIED;
    }

    /**
     * Creates the topic, replicated three times (or on every broker when fewer), unless it exists.
     * A topic {@link TopicSpec#majorityWrites with majority writes} takes a write only once most replicas have it.
     *
     * @return whether it was created
     * @throws ControlLogUnavailableException when Kafka refuses or does not answer in time
     */
    public static boolean createIfAbsent(Admin admin, TopicSpec spec, Duration timeout) {
        return call("create", spec.name(), timeout, () -> {
            short replicas = (short) Math.min(3, get(admin.describeCluster().nodes(), timeout).size());
            Map<String, String> configs = new HashMap<>(spec.configs());
            if (spec.majorityWrites()) {
                configs.put(TopicSpec.MIN_INSYNC_REPLICAS, String.valueOf(Math.max(1, replicas - 1)));
            }
            try {
                get(admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), replicas).configs(configs)))
                        .all(), timeout);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** A call to Kafka's admin API, whose failures are all "Kafka cannot answer now". */
    private interface AdminCall<T> {
        T call() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static <T> T call(String what, String topic, Duration timeout, AdminCall<T> call) {
        try {
            return call.call();
        } catch (ExecutionException e) {
            throw unavailable(what, topic, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unavailable(what, topic, "Kafka did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, topic, "interrupted");
        }
    }

    private static ControlLogUnavailableException unavailable(String what, String topic, String why) {
        return new ControlLogUnavailableException("cannot " + what + " " + topic + ": " + why);
    }

    /** {@link #createOrVerify} with the default timeout. */
    public static Outcome createOrVerify(Admin admin, TopicSpec spec) {
        return createOrVerify(admin, spec, TIMEOUT);
    }

    /**
     * A topic as Kafka has it: its partitions, and its cleanup policy and retention (explicit or
     * the broker's default), by their config names.
     */
    public record Existing(int partitions, Map<String, String> configs) {
    }

    /**
     * The topic as Kafka has it, or empty when there is none.
     *
     * @throws ControlLogUnavailableException when Kafka refuses or does not answer in time
     */
    public static Optional<Existing> describe(Admin admin, String topic, Duration timeout) {
        return call("describe", topic, timeout, () -> {
            try {
                return Optional.of(existing(admin, topic, timeout));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    static List<String> differences(TopicSpec spec, Existing existing) {
        List<String> differences = new ArrayList<>();
        if (existing.partitions() != spec.partitions()) {
            differences.add("it has " + existing.partitions() + " partition(s), the mesh needs " + spec.partitions()
                    + " (recreate it, or move its records to a topic made as needed)");
        }
        String policy = spec.configs().get(TopicSpec.CLEANUP_POLICY);
        String actualPolicy = existing.configs().get(TopicSpec.CLEANUP_POLICY);
        if (policy != null && !policy.equals(actualPolicy)) {
            differences.add(TopicSpec.CLEANUP_POLICY + "=" + actualPolicy + " but the mesh needs "
                    + TopicSpec.CLEANUP_POLICY + "=" + policy + " (" + alter(spec, TopicSpec.CLEANUP_POLICY, policy) + ")");
        }
        String retention = spec.configs().get(TopicSpec.RETENTION_MS);
        String actualRetention = existing.configs().get(TopicSpec.RETENTION_MS);
        if (retention != null && actualRetention != null && !"-1".equals(actualRetention)
                && Long.parseLong(actualRetention) < Long.parseLong(retention)) {
            differences.add(TopicSpec.RETENTION_MS + "=" + actualRetention + " keeps records for less than the "
                    + TopicSpec.RETENTION_MS + "=" + retention + " the mesh promises ("
                    + alter(spec, TopicSpec.RETENTION_MS, retention) + ")");
        }
        return differences;
    }

    private static String alter(TopicSpec spec, String key, String value) {
        return "kafka-configs.sh --alter --entity-type topics --entity-name " + spec.name() + " --add-config " + key
                + "=" + value;
    }

    private static Existing existing(Admin admin, String topic, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames(), timeout).get(topic);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = get(admin.describeConfigs(List.of(resource)).all(), timeout).get(resource);
        Map<String, String> configs = new HashMap<>();
        for (String key : TopicSpec.VERIFIED) {
            Optional.ofNullable(config.get(key)).map(ConfigEntry::value).ifPresent(v -> configs.put(key, v));
        }
        return new Existing(description.partitions().size(), configs);
    }

    private static <T> T get(KafkaFuture<T> future, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
