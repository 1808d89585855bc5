package io.meshwork.gateway.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.gateway.registry.LogRecord.ConfigValue;
import io.meshwork.gateway.registry.LogRecord.Key;
import io.meshwork.gateway.registry.LogRecord.ModeValue;
import io.meshwork.gateway.registry.LogRecord.NextIdValue;
import io.meshwork.gateway.registry.LogRecord.SchemaValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The registry's durable state: the compacted, single-partition topic {@code _mesh.schemas}. A
 * reader thread applies every committed record to the {@link RegistryState}. Writes take the
 * writer role through one shared transactional id, which fences any other replica that held it;
 * the writer then reads the log to its end before deciding, so two replicas never hand out the
 * same id or version.
 */
final class SchemaLog implements AutoCloseable {

    static final String TOPIC = "_mesh.schemas";
    private static final Logger LOG = Logger.getLogger(SchemaLog.class);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int WRITE_ATTEMPTS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a write decided: the answer for the caller and the records that make it so. */
    record Decision<T>(T result, List<Map.Entry<Key, Object>> records) {

        static <T> Decision<T> nothingToWrite(T result) {
            return new Decision<>(result, List.of());
        }
    }

    private final Map<String, Object> kafkaConfig;
    private final String transactionalId;
    private final RegistryState state;
    private final ObjectMapper json = new ObjectMapper();
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile long applied;
    private volatile boolean closed;
    private volatile RuntimeException readerFailure;
    private KafkaProducer<byte[], byte[]> producer;

    SchemaLog(Map<String, Object> kafkaConfig, String transactionalId, RegistryState state) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.transactionalId = transactionalId;
        this.state = state;
        this.admin = Admin.create(this.kafkaConfig);
        ensureTopic();
        Map<String, Object> consumerConfig = new HashMap<>(this.kafkaConfig);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        this.reader = new Thread(this::readForever, "mesh-schemas-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Blocks until every record committed before this call has been applied. */
    void catchUp() {
        awaitApplied(endOffset());
    }

    /** Whether the reader has applied the log up to its current end, without waiting. */
    boolean isCaughtUp() {
        try {
            return readerFailure == null && applied >= endOffset();
        } catch (RegistryException unavailable) {
            return false;
        }
    }

    /**
     * Runs {@code decide} on a state that includes every committed record, as the only writer,
     * and commits its records atomically. Returns once this replica has applied them, so the
     * caller reads its own write.
     */
    <T> T write(Function<RegistryState, Decision<T>> decide) {
        writeLock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    KafkaProducer<byte[], byte[]> writer = writer();
                    catchUp();
                    Decision<T> decision = state.read(decide);
                    if (decision.records().isEmpty()) {
                        return decision.result();
                    }
                    writer.beginTransaction();
                    RecordMetadata last = null;
                    for (Map.Entry<Key, Object> record : decision.records()) {
                        last = writer.send(new ProducerRecord<>(TOPIC, 0, bytes(record.getKey()),
                                record.getValue() == null ? null : bytes(record.getValue()))).get();
                    }
                    writer.commitTransaction();
                    awaitApplied(last.offset() + 1);
                    return decision.result();
                } catch (KafkaException | ExecutionException e) {
                    // Most often another replica took the writer role (fencing this one) mid-write. Nothing of
                    // this attempt is visible unless its commit went through, and deciding again after reading
                    // the log to its end sees that, so a retry is safe.
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    LOG.debugf("Registry write attempt %d failed: %s", attempt, cause);
                    closeProducer();
                    if (attempt == WRITE_ATTEMPTS) {
                        throw RegistryException.unavailable("cannot write to " + TOPIC + " after " + WRITE_ATTEMPTS
                                + " attempts: " + cause.getMessage());
                    }
                    backOff(attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closeProducer();
                    throw RegistryException.unavailable("interrupted while writing to " + TOPIC);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10L * attempt, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaProducer<byte[], byte[]> writer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
            KafkaProducer<byte[], byte[]> created =
                    new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                // Fences the previous holder of the writer role and settles its open transaction.
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private long endOffset() {
        try {
            return admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(PARTITION).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryException.unavailable("cannot reach Kafka to read " + TOPIC + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted while reading " + TOPIC);
        }
    }

    private void awaitApplied(long offset) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (progress) {
            while (applied < offset) {
                if (readerFailure != null) {
                    throw RegistryException.unavailable("the registry cannot read " + TOPIC + ": "
                            + readerFailure.getMessage());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw RegistryException.unavailable("the registry has not caught up with " + TOPIC + " within "
                            + TIMEOUT.toSeconds() + " s");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.unavailable("interrupted while reading " + TOPIC);
                }
            }
        }
    }

    private void readForever() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                long position = consumer.position(PARTITION);
                synchronized (progress) {
                    applied = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException closing) {
            // close() woke the reader up
        } catch (RuntimeException e) {
            LOG.error("The registry stopped reading " + TOPIC + "; it serves what it had read", e);
            synchronized (progress) {
                readerFailure = e;
                progress.notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        Key key;
        try {
            key = json.readValue(record.key(), Key.class);
        } catch (IOException e) {
            LOG.warnf("Skipping unreadable record at offset %d of %s: %s", record.offset(), TOPIC, e.getMessage());
            return;
        }
        Object value = record.value() == null ? null : value(key, record.value());
        LOG.debugf("Applying %s at offset %d", key, record.offset());
        state.apply(key, value);
    }

    private Object value(Key key, byte[] bytes) {
        Class<?> type = switch (key.type()) {
            case SCHEMA -> SchemaValue.class;
            case CONFIG -> ConfigValue.class;
            case MODE -> ModeValue.class;
            case NEXT_ID -> NextIdValue.class;
        };
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + key.type() + " record in " + TOPIC, e);
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureTopic() {
        try {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            NewTopic topic = new NewTopic(TOPIC, 1, replicas).configs(Map.of(
                    "cleanup.policy", "compact",
                    "min.insync.replicas", String.valueOf(Math.max(1, replicas - 1))));
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Created %s with %d replica(s)", TOPIC, replicas);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw RegistryException.unavailable("cannot create " + TOPIC + ": " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw RegistryException.unavailable("Kafka did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted while creating " + TOPIC);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            closeProducer();
        } finally {
            writeLock.unlock();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
