package io.meshwork.archiver.archive;

import io.meshwork.archiver.ArchiverSettings;
import io.meshwork.archiver.S3Settings;
import io.meshwork.archiver.catalog.ProductCatalog;
import io.meshwork.archiver.pii.Pseudonymizer;
import io.meshwork.core.catalog.CatalogUnavailableException;
import io.meshwork.core.lifecycle.ServiceExit;
import io.meshwork.core.serde.RegistryClient;
import io.meshwork.core.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * The archiving loop: one consumer of the archivers' group, subscribed to every product and
 * dead-letter topic by pattern. Each partition's records go into a {@link PartitionBatch}; a batch
 * is written when it is big, old or idle, or when its partition is revoked, in three steps: an
 * {@link Intent} naming its files, the files, then the commit of its offsets. When a partition is
 * assigned, an intent whose offsets were never committed is undone (its files deleted) before
 * anything is read, so a crash at any point leaves each record in the lake exactly once.
 */
@ApplicationScoped
public class Archiver {

    private static final Logger LOG = Logger.getLogger(Archiver.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_WAITING = Duration.ofSeconds(5);
    private static final Duration LAG_EVERY = Duration.ofSeconds(10);

    private final ArchiverSettings settings;
    private final S3Settings s3;
    private final Map<String, Object> kafkaConfig;
    private final MeterRegistry meters;
    private final Map<TopicPartition, PartitionBatch> batches = new HashMap<>();
    private final Map<TopicPartition, Long> waitingUntil = new HashMap<>();
    private final Map<String, AtomicLong> newestEventMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean polling;
    private boolean failed;
    private boolean revoking;
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;
    private LakeStore store;
    private RowMaker rows;
    private long rollBytes;
    private Path workDir;

    Archiver(ArchiverSettings settings, S3Settings s3, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
             MeterRegistry meters) {
        this.settings = settings;
        this.s3 = s3;
        this.kafkaConfig = kafkaConfig;
        this.meters = meters;
    }

    void start(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            LOG.info("Archiving is disabled (mesh.archiver.enabled=false)");
            return;
        }
        rollBytes = settings.rollSize().asLongValue();
        workDir = ownWorkDir();
        store = new LakeStore(s3);
        Map<String, Object> serde = new HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                settings.gatewayUrl().resolve("/registry").toString()));
        settings.token().ifPresent(token -> {
            serde.put(SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN");
            serde.put(SerdeConfig.BEARER_AUTH_TOKEN, token);
        });
        rows = new RowMaker(new ProductCatalog(settings), new RegistryClient(SerdeConfig.from(serde)),
                new Pseudonymizer(settings.piiKeys(), settings.piiMasterKey()));
        consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "archiver");
        thread.start();
        LOG.infof("Archiving topics matching %s into s3://%s (rolls at %d records, %d bytes, %s; idle flush %s)",
                settings.topics(), store.bucket(), settings.rollRecords(), rollBytes, settings.rollInterval(),
                settings.idleFlush());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (store != null) {
            store.close();
        }
    }

    /** Whether the loop runs and has reached Kafka. */
    public boolean polling() {
        return running && polling;
    }

    private void run() {
        long nextLag = System.nanoTime();
        try {
            consumer.subscribe(Pattern.compile(settings.topics()), new Rebalance());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    archive(record);
                }
                polling = true;
                resumeWaiting();
                flushDue();
                if (System.nanoTime() >= nextLag) {
                    measureLag();
                    nextLag = System.nanoTime() + LAG_EVERY.toNanos();
                }
            }
        } catch (WakeupException stopping) {
            // asked to stop
        } catch (RuntimeException e) {
            LOG.error("The archiver stopped on an unexpected error, and exits so that it is restarted; what it had not"
                    + " committed will be archived again", e);
            failed = true;
        } finally {
            try {
                if (!batches.isEmpty()) {
                    LOG.infof("Writing the last %d partition batch(es) before stopping", batches.size());
                    new ArrayList<>(batches.keySet()).forEach(this::flush);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not write the last batches; they will be archived again on restart", e);
            } finally {
                polling = false;
                consumer.close(Duration.ofSeconds(10));
                deleteLocal(workDir);
                if (failed) {
                    ServiceExit.exit("the archiver", 1, Quarkus::asyncExit);
                }
            }
        }
    }

    private void archive(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (waitingUntil.containsKey(partition)) {
            return;
        }
        PartitionBatch batch = batches.computeIfAbsent(partition,
                p -> new PartitionBatch(p, record.offset(), workDir));
        try {
            Optional<RowMaker.Row> row = rows.row(record);
            if (row.isPresent()) {
                batch.add(record.offset(), row.get().eventTime(), row.get().schemaId(), row.get().lakeSchema(),
                        row.get().row(), row.get().contract(), row.get().pseudonymized());
                meters.counter("mesh.archiver.records", "topic", record.topic()).increment();
            } else {
                batch.skip(record.offset());
            }
        } catch (NotYetArchivable | CatalogUnavailableException e) {
            wait(partition, record.offset(), e.getMessage());
        } catch (SerializationException e) {
            LOG.warnf("Skipping %s-%d@%d, which is not an Avro record of the registry: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            meters.counter("mesh.archiver.undecodable", "topic", record.topic()).increment();
            batch.skip(record.offset());
        }
        if (batch.records() >= settings.rollRecords() || batch.bytes() >= rollBytes) {
            flush(partition);
        }
    }

    /** Stops reading a partition for a while and goes back to the record that must wait. */
    private void wait(TopicPartition partition, long offset, String why) {
        if (warned.add(partition.topic() + why)) {
            LOG.warn(why);
        } else {
            LOG.debug(why);
        }
        PartitionBatch batch = batches.get(partition);
        long resumeAt = offset;
        if (batch != null && batch.records() > 0) {
            if (!flush(partition)) {
                resumeAt = batch.firstOffset();
            }
        } else if (batch != null) {
            batches.remove(partition);
        }
        consumer.pause(List.of(partition));
        consumer.seek(partition, resumeAt);
        waitingUntil.put(partition, System.nanoTime() + RETRY_WAITING.toNanos());
    }

    private void resumeWaiting() {
        long now = System.nanoTime();
        List<TopicPartition> due = waitingUntil.entrySet().stream().filter(e -> e.getValue() <= now)
                .map(Map.Entry::getKey).toList();
        due.forEach(waitingUntil::remove);
        consumer.resume(due.stream().filter(consumer.assignment()::contains).toList());
    }

    private void flushDue() {
        long now = System.nanoTime();
        List<TopicPartition> due = batches.values().stream()
                .filter(b -> b.ageNanos(now) >= settings.rollInterval().toNanos()
                        || b.idleNanos(now) >= settings.idleFlush().toNanos())
                .map(PartitionBatch::partition).toList();
        due.forEach(this::flush);
    }

    /**
     * Intent, files, commit: see the class comment. Returns false when the batch was dropped instead,
     * to be read and made again from its first offset.
     */
    private boolean flush(TopicPartition partition) {
        PartitionBatch batch = batches.get(partition);
        if (batch == null || batch.records() == 0) {
            batches.remove(partition);
            return true;
        }
        Optional<String> changed = personalDataChanged(batch);
        if (changed.isPresent()) {
            // A field the contract now classifies as personal data went into the batch in clear: make it again.
            batches.remove(partition);
            batch.discard();
            LOG.infof("%s; archiving %s from offset %d again", changed.get(), partition, batch.firstOffset());
            if (consumer.assignment().contains(partition) && !revoking) {
                consumer.seek(partition, batch.firstOffset());
            }
            return false;
        }
        batches.remove(partition);
        List<PartitionBatch.LocalFile> files = batch.finish();
        if (!files.isEmpty()) {
            store.writeIntent(partition.topic(), partition.partition(), new Intent(batch.firstOffset(), batch.lastOffset(),
                    files.stream().map(PartitionBatch.LocalFile::key).toList()));
            for (PartitionBatch.LocalFile file : files) {
                long size = size(file.path());
                store.upload(file.key(), file.path());
                deleteLocal(file.path());
                meters.counter("mesh.archiver.files", "topic", partition.topic()).increment();
                meters.counter("mesh.archiver.bytes", "topic", partition.topic()).increment(size);
                LOG.debugf("Uploaded %s (%d rows, %d bytes)", file.key(), file.rows(), size);
            }
        }
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(batch.lastOffset() + 1)));
        files.stream().mapToLong(PartitionBatch.LocalFile::newestEventMillis).max().ifPresent(newest ->
                newestEvent(partition.topic()).accumulateAndGet(newest, Math::max));
        LOG.debugf("Committed %s up to offset %d (%d records in %d file(s))", partition, batch.lastOffset(),
                batch.records(), files.size());
        return true;
    }

    /**
     * Why the batch cannot be committed as it is: a product of its rows whose contract now classifies
     * a field as personal data that the batch holds in clear; empty when it may be committed. When the
     * catalog cannot say, the batch is not committed either, and is made again.
     */
    private Optional<String> personalDataChanged(PartitionBatch batch) {
        for (Map.Entry<String, Set<String>> used : batch.personalData().entrySet()) {
            if (used.getKey().equals("?")) {
                continue;
            }
            Optional<Set<String>> now = rows.currentPersonalData(used.getKey());
            if (now.isEmpty()) {
                return Optional.of("the catalog cannot say what personal data " + used.getKey() + " has now");
            }
            if (!used.getValue().containsAll(now.get())) {
                Set<String> added = new TreeSet<>(now.get());
                added.removeAll(used.getValue());
                return Optional.of("the contract of " + used.getKey() + " now classifies " + added + " as personal data");
            }
        }
        return Optional.empty();
    }

    /** Undoes a batch whose offsets were never committed: its files are not part of the lake. */
    private void recover(TopicPartition partition, Long committed) {
        store.readIntent(partition.topic(), partition.partition()).filter(intent -> !intent.committed(committed))
                .ifPresent(intent -> {
                    LOG.infof("Undoing the uncommitted batch of %s (offsets %d-%d, %d file(s)) before archiving it again",
                            partition, intent.firstOffset(), intent.lastOffset(), intent.keys().size());
                    intent.keys().forEach(store::delete);
                    store.deleteIntent(partition.topic(), partition.partition());
                });
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoking = true;
            try {
                partitions.forEach(Archiver.this::flush);
            } finally {
                revoking = false;
            }
            partitions.forEach(waitingUntil::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                PartitionBatch batch = batches.remove(partition);
                if (batch != null) {
                    batch.discard();
                }
                waitingUntil.remove(partition);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                recover(partition, offset == null ? null : offset.offset());
                lag.computeIfAbsent(partition.topic(), topic -> {
                    AtomicLong value = new AtomicLong();
                    meters.gauge("mesh.archiver.lag", List.of(io.micrometer.core.instrument.Tag.of("topic", topic)),
                            value, AtomicLong::get);
                    return value;
                });
                newestEvent(partition.topic());
            }
            LOG.debugf("Assigned %s", partitions);
        }
    }

    private AtomicLong newestEvent(String topic) {
        return newestEventMillis.computeIfAbsent(topic, t -> {
            AtomicLong newest = new AtomicLong();
            meters.gauge("mesh.archiver.freshness.seconds", List.of(io.micrometer.core.instrument.Tag.of("topic", t)),
                    newest, n -> n.get() == 0 ? Double.NaN : (System.currentTimeMillis() - n.get()) / 1000.0);
            return newest;
        });
    }

    /** Records not yet committed to the lake, per topic. */
    private void measureLag() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        Map<String, Long> perTopic = new HashMap<>();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata done = committed.get(partition);
            perTopic.merge(partition.topic(), Math.max(0, end - (done == null ? 0 : done.offset())), Long::sum);
        });
        perTopic.forEach((topic, value) -> Optional.ofNullable(lag.get(topic)).ifPresent(l -> l.set(value)));
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) settings.topicDiscovery().toMillis());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "mesh-archiver");
        return config;
    }

    /**
     * This instance's own folder under the work folder, emptied: named after its static group
     * membership when it has one (a restart takes over its leftovers), otherwise new each start,
     * so that instances sharing a work folder never touch each other's files.
     */
    private Path ownWorkDir() {
        Object instance = kafkaConfig.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        Path dir = settings.workDir().resolve(instance != null ? "instance-" + instance : "run-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (Stream<Path> leftovers = Files.list(dir)) {
                for (Path file : leftovers.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work folder " + dir, e);
        }
        return dir;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteLocal(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", file, e.getMessage());
        }
    }
}
