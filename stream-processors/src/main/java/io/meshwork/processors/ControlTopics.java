package io.meshwork.processors;

import io.meshwork.core.kafka.Topics;
import io.meshwork.core.quality.QualitySnapshot;
import io.meshwork.core.subscription.Grant;
import io.meshwork.core.subscription.Subscription;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * Creates the topics the processors read or write that no one else may have created yet: the
 * control topics they follow, {@code _mesh.quality}, and a domain's dead-letter topic on first use.
 */
@ApplicationScoped
public class ControlTopics {

    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    private final Set<String> existing = ConcurrentHashMap.newKeySet();
    private Admin admin;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafka);
        }
        return admin;
    }

    void ensureControlTopics() {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        ensure(Subscription.TOPIC, compacted);
        ensure(Grant.TOPIC, compacted);
        ensure(QualitySnapshot.TOPIC, compacted);
    }

    void ensureDeadLetterTopic(String topic) {
        ensure(topic, Map.of("retention.ms", String.valueOf(DEAD_LETTER_RETENTION.toMillis())));
    }

    private void ensure(String topic, Map<String, String> configs) {
        if (existing.contains(topic)) {
            return;
        }
        Topics.createIfMissing(admin(), topic, 1, configs);
        existing.add(topic);
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
