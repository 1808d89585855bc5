package io.meshwork.processors;

import io.meshwork.core.kafka.DeadLetterTopics;
import io.meshwork.core.kafka.TopicMismatchException;
import io.meshwork.core.kafka.TopicSpec;
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
import org.jboss.logging.Logger;

/**
 * Creates the topics the processors read or write that no one else may have created yet: the
 * control topics they follow, {@code _mesh.quality}, and a domain's dead-letter topic on first use.
 */
@ApplicationScoped
public class ControlTopics {

    private static final Logger LOG = Logger.getLogger(ControlTopics.class);

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
        ensure(TopicSpec.compacted(Subscription.TOPIC));
        ensure(TopicSpec.compacted(Grant.TOPIC));
        ensure(TopicSpec.compacted(QualitySnapshot.TOPIC));
    }

    void ensureDeadLetterTopic(String topic) {
        try {
            ensure(DeadLetterTopics.spec(topic));
        } catch (TopicMismatchException e) {
            // Made by someone else (a consumer auto-creating it, say): letters still land there; the operator is told.
            LOG.warnf("%s; dead letters go there all the same", e.getMessage());
            existing.add(topic);
        }
    }

    private void ensure(TopicSpec spec) {
        if (existing.contains(spec.name())) {
            return;
        }
        Topics.createOrVerify(admin(), spec);
        existing.add(spec.name());
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
