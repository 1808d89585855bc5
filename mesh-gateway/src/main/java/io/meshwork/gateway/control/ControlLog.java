package io.meshwork.gateway.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
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
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Control-plane state kept in a compacted, single-partition topic (such as {@code _mesh.schemas}
 * or {@code _mesh.catalog}). A reader thread hands every committed record to an applier, which
 * builds the in-memory state. Writes take the writer role through one transactional id that all
 * replicas share, which fences any other replica that held it; the writer then reads the log to
 * its end before deciding, so replicas never make conflicting decisions.
 */
public final class ControlLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlLog.class);
    private static final int WRITE_ATTEMPTS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    /** Receives each committed record in log order; {@code value} is null for a tombstone. */
    @FunctionalInterface
    public interface Applier {
        void apply(long offset, byte[] key, byte[] value);
    }

    /** A record to write; key and value are written as JSON, a null value is a tombstone. */
    public record Entry(Object key, Object value) {
    }

    /** What a write decided: the answer for the caller and the records that make it so. */
    public record Decision<T>(T result, List<Entry> records) {

        public static <T> Decision<T> nothingToWrite(T result) {
            return new Decision<>(result, List.of());
        }
    }

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> kafkaConfig;
    private final String transactionalId;
    private final Applier applier;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile long applied;
    private volatile boolean caughtUpOnce;
    private volatile boolean closed;
    private volatile RuntimeException readerFailure;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * Connects, creates the topic if needed and starts reading it from the beginning.
     *
     * @param topic the compacted topic
     * @param kafkaConfig client settings, at least {@code bootstrap.servers}
     * @param transactionalId the id all replicas share to take the writer role
     * @param applier builds the state from each record
     */
    public ControlLog(String topic, Map<String, Object> kafkaConfig, String transactionalId, Applier applier) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.transactionalId = transactionalId;
        this.applier = applier;
        this.admin = Admin.create(this.kafkaConfig);
        ensureTopic();
        Map<String, Object> consumerConfig = new HashMap<>(this.kafkaConfig);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        this.reader = new Thread(this::readForever, "control-log-reader-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    /** Blocks until every record committed before this call has been applied. */
    public void catchUp() {
        awaitApplied(endOffset());
        caughtUpOnce = true;
    }

    /**
     * Whether this replica can serve: it has read the log to its end once, its reader still reads, and
     * Kafka answers. Not whether it is at the end this very moment, which a write of another replica
     * makes untrue for a few milliseconds and would make readiness flap under load.
     */
    public boolean isCaughtUp() {
        try {
            // Health checks must answer quickly, whatever state Kafka is in.
            long end = endOffset(READINESS_TIMEOUT);
            if (applied >= end) {
                caughtUpOnce = true;
            }
            return readerFailure == null && caughtUpOnce;
        } catch (ControlLogUnavailableException unavailable) {
            return false;
        }
    }

    /**
     * Runs {@code decide} on a state that includes every committed record, as the only writer,
     * and commits its records atomically. Returns once this replica has applied them, so the
     * caller reads its own write.
     */
    public <T> T write(Supplier<Decision<T>> decide) {
        writeLock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                boolean inTransaction = false;
                try {
                    KafkaProducer<byte[], byte[]> writer = writer();
                    catchUp();
                    Decision<T> decision = decide.get();
                    if (decision.records().isEmpty()) {
                        return decision.result();
                    }
                    // Serialized first, so that a record that cannot be written never leaves a transaction open.
                    List<ProducerRecord<byte[], byte[]>> records = decision.records().stream()
                            .map(r -> new ProducerRecord<>(topic, 0, bytes(r.key()), r.value() == null ? null : bytes(r.value())))
                            .toList();
                    writer.beginTransaction();
                    inTransaction = true;
                    RecordMetadata last = null;
                    for (ProducerRecord<byte[], byte[]> record : records) {
                        last = writer.send(record).get();
                    }
                    writer.commitTransaction();
                    awaitApplied(last.offset() + 1);
                    return decision.result();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                        // No attempt can succeed; nothing of this one is visible, since the transaction never committed.
                        closeProducer();
                        throw new ControlRecordTooLargeException(topic, tooLarge);
                    }
                    retryAfter(attempt, e.getCause());
                } catch (KafkaException e) {
                    retryAfter(attempt, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closeProducer();
                    throw new ControlLogUnavailableException("interrupted while writing to " + topic);
                } catch (RuntimeException e) {
                    // A decision that refused the write needs no clean-up; a failure inside a transaction
                    // must not leave it open for the next write.
                    if (inTransaction) {
                        closeProducer();
                    }
                    throw e;
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Gets ready for the next attempt of a write that failed, or gives up after the last. Most often
     * another replica took the writer role (fencing this one) mid-write. Nothing of the attempt is
     * visible unless its commit went through, and deciding again after reading the log to its end
     * sees that, so a retry is safe.
     */
    private void retryAfter(int attempt, Throwable cause) {
        LOG.debugf("Write attempt %d to %s failed: %s", attempt, topic, cause);
        closeProducer();
        if (attempt == WRITE_ATTEMPTS) {
            throw new ControlLogUnavailableException("cannot write to " + topic + " after " + WRITE_ATTEMPTS
                    + " attempts: " + cause.getMessage());
        }
        backOff(attempt);
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
        return endOffset(TIMEOUT);
    }

    private long endOffset(Duration timeout) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) timeout.toMillis()))
                    .partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new ControlLogUnavailableException("cannot reach Kafka to read " + topic + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlLogUnavailableException("interrupted while reading " + topic);
        }
    }

    private void awaitApplied(long offset) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (progress) {
            while (applied < offset) {
                if (readerFailure != null) {
                    throw new ControlLogUnavailableException("the registry cannot read " + topic + ": "
                            + readerFailure.getMessage());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ControlLogUnavailableException("the registry has not caught up with " + topic + " within "
                            + TIMEOUT.toSeconds() + " s");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ControlLogUnavailableException("interrupted while reading " + topic);
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
                long position = consumer.position(partition);
                synchronized (progress) {
                    applied = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException closing) {
            // close() woke the reader up
        } catch (RuntimeException e) {
            LOG.error("The registry stopped reading " + topic + "; it serves what it had read", e);
            synchronized (progress) {
                readerFailure = e;
                progress.notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        LOG.debugf("Applying offset %d of %s", record.offset(), topic);
        applier.apply(record.offset(), record.key(), record.value());
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    private void ensureTopic() {
        try {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            NewTopic compacted = new NewTopic(topic, 1, replicas).configs(Map.of(
                    "cleanup.policy", "compact",
                    "min.insync.replicas", String.valueOf(Math.max(1, replicas - 1))));
            admin.createTopics(List.of(compacted)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Created %s with %d replica(s)", topic, replicas);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ControlLogUnavailableException("cannot create " + topic + ": " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw new ControlLogUnavailableException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlLogUnavailableException("interrupted while creating " + topic);
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
