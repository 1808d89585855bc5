package io.meshwork.gateway.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.ProductQuality;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.core.kafka.TopicSpec;
import io.meshwork.core.kafka.Topics;
import io.meshwork.core.quality.QualitySnapshot;
import io.meshwork.gateway.access.AccessReconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code _mesh.quality} and answers, per product, what its latest minute looked like
 * across all its partitions.
 */
@ApplicationScoped
public class QualityBoard {

    private static final Logger LOG = Logger.getLogger(QualityBoard.class);

    private final ObjectMapper json = MeshJson.mapper();
    private final Map<String, QualitySnapshot> snapshots = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    /** Injected so that it runs first: it gives the gateway's principal the ACLs this board reads with. */
    @Inject
    AccessReconciler accessFirst;

    void start(@Observes StartupEvent event) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        reader = new Thread(this::follow, "quality-board");
        reader.setDaemon(true);
        reader.start();
    }

    private void follow() {
        try {
            while (!ensureTopic()) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            }
            TopicPartition partition = new TopicPartition(QualitySnapshot.TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() == null) {
                        snapshots.remove(record.key());
                        continue;
                    }
                    try {
                        QualitySnapshot snapshot = json.readValue(record.value(), QualitySnapshot.class);
                        snapshots.put(snapshot.key(), snapshot);
                    } catch (IOException e) {
                        LOG.debugf("Skipping an unreadable quality snapshot at %s-%d@%d: %s", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "Stopped following %s; product quality will not be updated", QualitySnapshot.TOPIC);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The monitor writes the topic, but the board may start first: it is created here too, compacted. */
    private boolean ensureTopic() {
        try (Admin admin = Admin.create(kafka)) {
            Topics.createOrVerify(admin, TopicSpec.compacted(QualitySnapshot.TOPIC));
            return true;
        } catch (ControlLogUnavailableException e) {
            LOG.warnf("Cannot set up %s yet, retrying in 5 s: %s", QualitySnapshot.TOPIC, e.getMessage());
            return false;
        }
    }

    /**
     * The product's quality over the latest period each of its partitions reported, or empty before
     * the monitor has reported on it. A partition whose last report is older than three of its
     * periods is left out: no instance reports on it any more.
     */
    public Optional<ProductQuality> quality(String topic, Optional<Duration> freshnessSla, Instant now) {
        List<QualitySnapshot> partitions = snapshots.values().stream().filter(s -> s.topic().equals(topic)).toList();
        if (partitions.isEmpty()) {
            return Optional.empty();
        }
        List<QualitySnapshot> latest = partitions.stream()
                .filter(s -> !s.to().plus(Duration.between(s.from(), s.to()).multipliedBy(3)).isBefore(now))
                .toList();
        long events = latest.stream().mapToLong(QualitySnapshot::events).sum();
        long checked = latest.stream().mapToLong(QualitySnapshot::checked).sum();
        long violations = latest.stream().mapToLong(QualitySnapshot::violations).sum();
        double periodSeconds = latest.stream().mapToLong(s -> Duration.between(s.from(), s.to()).toMillis())
                .average().orElse(60_000) / 1000.0;
        Map<String, Long> byRule = new TreeMap<>();
        Map<String, Long> nulls = new TreeMap<>();
        latest.forEach(s -> {
            s.violationsByRule().forEach((rule, n) -> byRule.merge(rule, n, Long::sum));
            s.nulls().forEach((field, n) -> nulls.merge(field, n, Long::sum));
        });
        Map<String, Double> nullRates = new TreeMap<>();
        nulls.forEach((field, n) -> nullRates.put(field, events == 0 ? 0.0 : (double) n / events));
        Instant newest = partitions.stream().map(QualitySnapshot::newestEventTime).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Instant reportedAt = partitions.stream().map(QualitySnapshot::to).max(Comparator.naturalOrder()).orElseThrow();
        Duration age = newest == null ? null : Duration.between(newest, now);
        Boolean fresh = freshnessSla.map(sla -> age != null && age.compareTo(sla) <= 0).orElse(null);
        Duration maxDelay = Duration.ofMillis(latest.stream().mapToLong(QualitySnapshot::maxDelayMillis).max().orElse(0));
        return Optional.of(new ProductQuality(reportedAt, Math.round(events * 60 / periodSeconds), events, checked,
                checked == 0 ? 0.0 : (double) violations / checked, byRule, nullRates, newest, freshnessSla.orElse(null),
                age, fresh, maxDelay));
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.wakeup();
        }
    }
}
