package io.meshwork.archiver.archive;

import io.meshwork.archiver.ArchiverSettings;
import io.meshwork.archiver.LakeSettings;
import io.meshwork.archiver.S3Settings;
import io.meshwork.archiver.catalog.ProductCatalog;
import io.meshwork.archiver.catalog.ProductInfo;
import io.meshwork.archiver.pii.Pseudonymizer;
import io.meshwork.core.catalog.CatalogUnavailableException;
import io.meshwork.core.lifecycle.ServiceExit;
import io.meshwork.core.serde.RegistryClient;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeNames;
import io.meshwork.lake.iceberg.LakeTables;
import io.meshwork.lake.iceberg.TableOffsets;
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
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
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
 * dead-letter topic by pattern. Each partition's records go into a {@link PartitionBatch}; when a
 * batch is big, old or idle, or its partition is revoked, the batches of its topic are written:
 * their files are uploaded into the topic's Iceberg table, then committed in one snapshot together
 * with the Kafka offsets they reach ({@link TableCommit}). The table, not the consumer group, says
 * where each partition resumes, so a crash at any point leaves each record in the lake exactly
 * once: files uploaded but not committed are no part of the table.
 */
@ApplicationScoped
public class Archiver {

    private static final Logger LOG = Logger.getLogger(Archiver.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_WAITING = Duration.ofSeconds(5);
    private static final Duration LAG_EVERY = Duration.ofSeconds(10);

    private final ArchiverSettings settings;
    private final S3Settings s3;
    private final LakeSettings lakeSettings;
    private final Map<String, Object> kafkaConfig;
    private final MeterRegistry meters;
    private final Map<TopicPartition, PartitionBatch> batches = new HashMap<>();
    private final Map<String, TopicFiles> files = new HashMap<>();
    private final Map<TopicPartition, Long> waitingUntil = new HashMap<>();
    /** The offset each assigned partition's table holds, as this instance last read or committed it; null: none. */
    private final Map<TopicPartition, Long> tableOffsets = new HashMap<>();
    private final Map<String, Table> tables = new HashMap<>();
    /** The topics whose partition 0 this instance archives: it keeps their tables small. */
    private final Set<String> leading = ConcurrentHashMap.newKeySet();
    private TableUpkeep upkeep;
    private final Map<String, AtomicLong> newestEventMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<String, io.micrometer.core.instrument.Counter> recordsArchived = new HashMap<>();
    private volatile boolean running;
    private volatile boolean polling;
    private boolean failed;
    /** The partitions being revoked, while their batches are written: the consumer may no longer seek them. */
    private Set<TopicPartition> revoking = Set.of();
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;
    private LakeCatalog lake;
    private RowMaker rows;
    private String instance;
    private long rollBytes;
    private Path workDir;

    Archiver(ArchiverSettings settings, S3Settings s3, LakeSettings lakeSettings,
             @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry meters) {
        this.settings = settings;
        this.s3 = s3;
        this.lakeSettings = lakeSettings;
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
        instance = workDir.getFileName().toString();
        lake = LakeCatalog.open(lakeSettings.catalog(), s3.lake());
        Map<String, Object> serde = new HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                settings.gatewayUrl().resolve("/registry").toString()));
        settings.token().ifPresent(token -> {
            serde.put(SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN");
            serde.put(SerdeConfig.BEARER_AUTH_TOKEN, token);
        });
        rows = new RowMaker(new ProductCatalog(settings), new RegistryClient(SerdeConfig.from(serde)),
                new Pseudonymizer(settings.piiKeys(), settings.piiMasterKey()));
        consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (settings.upkeep().enabled()) {
            upkeep = new TableUpkeep(lake, settings.upkeep(), () -> leading, workDir.resolve("upkeep"), meters);
            upkeep.start();
        }
        running = true;
        thread = new Thread(this::run, "archiver");
        thread.start();
        LOG.infof("Archiving topics matching %s into the tables of s3://%s, catalog %s (rolls at %d records, %d bytes,"
                + " %s; idle flush %s)", settings.topics(), s3.bucket(), lakeSettings.catalog().get("uri"),
                settings.rollRecords(), rollBytes, settings.rollInterval(), settings.idleFlush());
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
        if (upkeep != null) {
            upkeep.close();
        }
        if (lake != null) {
            lake.close();
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
                    flush(new ArrayList<>(batches.keySet()));
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
        PartitionBatch batch = batches.computeIfAbsent(partition, p -> new PartitionBatch(p, record.offset()));
        TopicFiles topicFiles = files.computeIfAbsent(record.topic(), topic -> new TopicFiles(topic, workDir,
                (local, schema) -> LakeTables.writer(table(topic, List.of(schema)), local, schema)));
        try {
            Optional<RowMaker.Row> row = rows.row(record);
            if (row.isPresent()) {
                topicFiles.write(row.get().eventTime(), row.get().schemaId(), row.get().lakeSchema(), row.get().row());
                batch.add(record.offset(), row.get().contract(), row.get().pseudonymized());
                recordsArchived.computeIfAbsent(record.topic(), t -> meters.counter("mesh.archiver.records", "topic", t))
                        .increment();
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
        if (batches.get(partition) == batch && (batch.records() >= settings.rollRecords() || topicFiles.bytes() >= rollBytes)) {
            flush(List.of(partition));
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
            Map<TopicPartition, Long> again = flush(List.of(partition));
            if (again.containsKey(partition)) {
                resumeAt = again.get(partition);
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
        if (due.isEmpty()) {
            return;
        }
        // A topic's other batches go along, so that its table gets one snapshot rather than one per partition.
        Set<String> topics = due.stream().map(TopicPartition::topic).collect(java.util.stream.Collectors.toSet());
        flush(batches.keySet().stream().filter(p -> topics.contains(p.topic())).toList());
    }

    /**
     * Writes the batches of these partitions' topics (all of a topic's, which share its files), a
     * snapshot per topic: see the class comment. Returns the partitions whose batches were dropped
     * instead, each with the offset to read it again from (the consumer is already there unless the
     * partition is being revoked).
     */
    private Map<TopicPartition, Long> flush(Collection<TopicPartition> partitions) {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(partition -> topics.add(partition.topic()));
        Map<TopicPartition, Long> again = new HashMap<>();
        for (String topic : topics) {
            List<PartitionBatch> topicBatches = new ArrayList<>();
            for (TopicPartition partition : List.copyOf(batches.keySet())) {
                if (partition.topic().equals(topic)) {
                    PartitionBatch batch = batches.remove(partition);
                    if (batch.records() > 0) {
                        topicBatches.add(batch);
                    }
                }
            }
            TopicFiles topicFiles = files.remove(topic);
            if (topicBatches.isEmpty()) {
                if (topicFiles != null) {
                    topicFiles.discard();
                }
                continue;
            }
            Optional<String> changed = topicBatches.stream().map(this::personalDataChanged).flatMap(Optional::stream)
                    .findFirst();
            if (changed.isPresent()) {
                // A field the contract now classifies as personal data went into the files in clear: make them again.
                if (topicFiles != null) {
                    topicFiles.discard();
                }
                LOG.infof("%s; archiving %s again from where each partition's batch began", changed.get(), topic);
                topicBatches.forEach(batch -> again.put(batch.partition(), readAgain(batch.partition(), batch.firstOffset())));
                continue;
            }
            again.putAll(write(topic, topicBatches, topicFiles == null ? List.of() : topicFiles.finish()));
        }
        return again;
    }

    /** Uploads the files of a topic's batches and commits them with their offsets in one snapshot. */
    private Map<TopicPartition, Long> write(String topic, List<PartitionBatch> topicBatches, List<TopicFiles.LocalFile> local) {
        if (local.isEmpty()) {
            // Nothing but tombstones: nothing for the table, whose offsets stay where they are.
            topicBatches.forEach(batch -> commitToKafka(batch.partition(), batch.lastOffset() + 1));
            return Map.of();
        }
        Table table;
        try {
            table = table(topic, local.stream().map(TopicFiles.LocalFile::lakeSchema).distinct().toList());
        } catch (NotYetArchivable e) {
            local.forEach(file -> deleteLocal(file.path()));
            Map<TopicPartition, Long> again = new HashMap<>();
            for (PartitionBatch batch : topicBatches) {
                again.put(batch.partition(), readAgain(batch.partition(), batch.firstOffset()));
                waitingUntil.put(batch.partition(), System.nanoTime() + RETRY_WAITING.toNanos());
                consumer.pause(List.of(batch.partition()));
            }
            if (warned.add(topic + e.getMessage())) {
                LOG.warn(e.getMessage() + "; its partitions wait and are tried again every " + RETRY_WAITING.toSeconds() + " s");
            }
            return again;
        }
        List<DataFile> dataFiles = new ArrayList<>();
        for (TopicFiles.LocalFile file : local) {
            dataFiles.add(upload(table, file));
        }
        List<TableCommit.Part> parts = topicBatches.stream().map(batch -> new TableCommit.Part(batch.partition().partition(),
                tableOffsets.get(batch.partition()), batch.lastOffset() + 1)).toList();
        TableCommit.Outcome outcome = TableCommit.commit(table, parts, dataFiles, instance);
        if (outcome.committed()) {
            meters.counter("mesh.archiver.commits", "topic", topic).increment();
            for (PartitionBatch batch : topicBatches) {
                tableOffsets.put(batch.partition(), batch.lastOffset() + 1);
                commitToKafka(batch.partition(), batch.lastOffset() + 1);
            }
            local.stream().mapToLong(TopicFiles.LocalFile::newestEventMillis).max().ifPresent(newest ->
                    newestEvent(topic).accumulateAndGet(newest, Math::max));
            LOG.debugf("Committed %d file(s) of %s (%d records of %d partition(s)) in snapshot %d of %s", dataFiles.size(),
                    topic, topicBatches.stream().mapToInt(PartitionBatch::records).sum(), topicBatches.size(),
                    table.currentSnapshot().snapshotId(), table.name());
            return Map.of();
        }
        LOG.warnf("A partition of %s was committed to %s by another instance since this one read it (the table holds"
                + " %s): dropping these batches and reading on from the table's offsets", topic, table.name(),
                outcome.held());
        meters.counter("mesh.archiver.commit.conflicts", "topic", topic).increment();
        dataFiles.forEach(file -> table.io().deleteFile(file.location()));
        Map<TopicPartition, Long> again = new HashMap<>();
        for (PartitionBatch batch : topicBatches) {
            Long held = outcome.held().get(batch.partition().partition());
            tableOffsets.put(batch.partition(), held);
            again.put(batch.partition(), readAgain(batch.partition(), held));
        }
        return again;
    }

    /**
     * The topic's table, made or grown to hold rows of these schemas.
     *
     * @throws NotYetArchivable when the product is not in the catalog, or the rows cannot join the table
     */
    private Table table(String topic, List<org.apache.avro.Schema> schemas) {
        ProductInfo product = rows.describe(topic);
        try {
            LakeTables.About about = new LakeTables.About(topic, LakeNames.domain(topic), product.team(),
                    product.description(), product.classifications());
            Table known = tables.get(topic);
            Table table = known != null ? LakeTables.ensure(known, about, schemas) : LakeTables.ensure(lake, about, schemas);
            tables.put(topic, table);
            return table;
        } catch (IllegalArgumentException e) {
            throw new NotYetArchivable(e.getMessage() + "; its records wait until the table is changed to take them");
        }
    }

    private DataFile upload(Table table, TopicFiles.LocalFile file) {
        String location = LakeTables.location(table, file.eventHour(), file.name());
        long size = size(file.path());
        OutputFile target = table.io().newOutputFile(location);
        try (PositionOutputStream out = target.createOrOverwrite()) {
            Files.copy(file.path(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + file.path() + " to " + location, e);
        }
        deleteLocal(file.path());
        meters.counter("mesh.archiver.files", "topic", table.properties().get(LakeNames.TOPIC_PROPERTY)).increment();
        meters.counter("mesh.archiver.bytes", "topic", table.properties().get(LakeNames.TOPIC_PROPERTY)).increment(size);
        LOG.debugf("Uploaded %s (%d rows, %d bytes)", location, file.rows(), size);
        return LakeTables.dataFile(table, location, size, file.footer(), file.eventHour());
    }

    /** Sets the partition to be read again from {@code offset} (null: its beginning); returns where that is. */
    private Long readAgain(TopicPartition partition, Long offset) {
        if (consumer.assignment().contains(partition) && !revoking.contains(partition)) {
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
        return offset == null ? 0L : offset;
    }

    /** The consumer group's offsets follow the table's, for lag and for tools that read them; the table is what counts. */
    private void commitToKafka(TopicPartition partition, long next) {
        if (revoking.contains(partition) || !consumer.assignment().contains(partition)) {
            return;
        }
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        } catch (RuntimeException e) {
            LOG.debugf("Could not commit %s at %d to the consumer group (the table has it): %s", partition, next,
                    e.getMessage());
        }
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

    /** Where the table says the partition resumes; from its beginning when the table has none of it yet. */
    private void resume(TopicPartition partition) {
        Optional<Table> table = lake.table(partition.topic());
        table.ifPresent(t -> tables.put(partition.topic(), t));
        Long held = table.map(TableOffsets::current).map(offsets -> offsets.get(partition.partition())).orElse(null);
        tableOffsets.put(partition, held);
        if (held == null) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, held);
        }
        LOG.debugf("%s resumes at %s", partition, held == null ? "its beginning" : "offset " + held);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoking = Set.copyOf(partitions);
            try {
                flush(partitions);
            } finally {
                revoking = Set.of();
            }
            partitions.forEach(waitingUntil::remove);
            partitions.forEach(tableOffsets::remove);
            partitions.stream().filter(p -> p.partition() == 0).forEach(p -> leading.remove(p.topic()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Their rows share files with the topic's other partitions: those are dropped too, and read again.
            Set<String> topics = new TreeSet<>();
            partitions.forEach(partition -> topics.add(partition.topic()));
            for (String topic : topics) {
                Optional.ofNullable(files.remove(topic)).ifPresent(TopicFiles::discard);
                for (TopicPartition other : List.copyOf(batches.keySet())) {
                    if (other.topic().equals(topic) && !partitions.contains(other)) {
                        readAgain(other, batches.remove(other).firstOffset());
                    }
                }
            }
            for (TopicPartition partition : partitions) {
                batches.remove(partition);
                waitingUntil.remove(partition);
                tableOffsets.remove(partition);
                if (partition.partition() == 0) {
                    leading.remove(partition.topic());
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            for (TopicPartition partition : partitions) {
                resume(partition);
                if (partition.partition() == 0) {
                    leading.add(partition.topic());
                }
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

    /**
     * Records not yet committed to the lake, per topic: from the table's offset to the end (a partition
     * whose only records are tombstones since counts them until a later event is committed).
     */
    private void measureLag() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(assigned);
        Map<String, Long> perTopic = new HashMap<>();
        ends.forEach((partition, end) -> {
            Long done = tableOffsets.get(partition);
            long from = done != null ? done : starts.getOrDefault(partition, 0L);
            perTopic.merge(partition.topic(), Math.max(0, end - from), Long::sum);
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
