package io.meshwork.core.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Control-plane state kept in a compacted, single-partition topic (such as {@code _mesh.schemas}
 * or {@code _mesh.catalog}). A reader thread hands every committed record to an applier, which
 * builds the in-memory state. Writes take the writer role through one transactional id that all
 * replicas share, which fences any other replica that held it; the writer then reads the log to
 * its end before deciding, so replicas never make conflicting decisions.
 */
public final class ControlLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlLog.class.getName());

    /**
     * How long a control log waits for Kafka.
     *
     * @param timeout the longest a call to Kafka, or catching up with the log, may take
     * @param readinessTimeout the longest a readiness check waits for Kafka: health checks must answer quickly
     * @param writeAttempts how often a write is tried (another replica taking the writer role fails one)
     */
    public record Settings(Duration timeout, Duration readinessTimeout, int writeAttempts) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(2), 10);
    }

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
    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper json = MeshJson.mapper();
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread reader;
    private final Object progress = new Object();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile long applied;
    private volatile boolean caughtUpOnce;
    private volatile boolean closed;
    private volatile RuntimeException readerFailure;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param topic the compacted topic
     * @param kafkaConfig client settings, at least {@code bootstrap.servers}
     * @param transactionalId the id all replicas share to take the writer role
     * @param applier builds the state from each record
     * @param settings how long to wait for Kafka
     * @param clock where deadlines are measured
     */
    public ControlLog(String topic, Map<String, Object> kafkaConfig, String transactionalId, Applier applier,
                      Settings settings, Clock clock) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.transactionalId = transactionalId;
        this.applier = applier;
        this.settings = settings;
        this.clock = clock;
    }

    /** A control log with the default settings, on the system clock. */
    public ControlLog(String topic, Map<String, Object> kafkaConfig, String transactionalId, Applier applier) {
        this(topic, kafkaConfig, transactionalId, applier, Settings.DEFAULTS, Clock.systemUTC());
    }

    /**
     * Connects, creates the topic or verifies it is compacted with one partition, and starts
     * reading it from the beginning; {@link #catchUp} waits until it has read to the end.
     *
     * @throws TopicMismatchException when the topic exists otherwise (a delete policy would expire the state)
     * @throws ControlLogUnavailableException when Kafka does not answer
     */
    public synchronized void start() {
        if (reader != null) {
            throw new IllegalStateException(topic + "'s control log is started already");
        }
        admin = Admin.create(kafkaConfig);
        try {
            Topics.Outcome outcome = Topics.createOrVerify(admin, TopicSpec.compacted(topic).withMajorityWrites(),
                    settings.timeout());
            if (outcome == Topics.Outcome.CREATED) {
                LOG.info(() -> "Created " + topic);
            }
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        reader = new Thread(this::readForever, "control-log-reader-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    /** Blocks until every record committed before this call has been applied. */
    public void catchUp() {
        requireStarted();
        awaitApplied(endOffset());
        caughtUpOnce = true;
    }

    /**
     * Whether this replica can serve: it has read the log to its end once, its reader still reads, and
     * Kafka answers. Not whether it is at the end this very moment, which a write of another replica
     * makes untrue for a few milliseconds and would make readiness flap under load.
     */
    public boolean isCaughtUp() {
        if (reader == null) {
            return false;
        }
        try {
            // Health checks must answer quickly, whatever state Kafka is in.
            long end = endOffset(settings.readinessTimeout());
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
        requireStarted();
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
        LOG.fine(() -> "Write attempt " + attempt + " to " + topic + " failed: " + cause);
        closeProducer();
        if (attempt == settings.writeAttempts()) {
            throw new ControlLogUnavailableException("cannot write to " + topic + " after " + settings.writeAttempts()
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
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(settings.timeout().toMillis()));
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
        return endOffset(settings.timeout());
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

    private void requireStarted() {
        if (reader == null) {
            throw new IllegalStateException(topic + "'s control log is not started; call start() first");
        }
    }

    private void awaitApplied(long offset) {
        requireStarted();
        Instant deadline = clock.instant().plus(settings.timeout());
        synchronized (progress) {
            while (applied < offset) {
                if (readerFailure != null) {
                    throw new ControlLogUnavailableException("cannot read " + topic + ": " + readerFailure.getMessage());
                }
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) {
                    throw new ControlLogUnavailableException("not caught up with " + topic + " within "
                            + settings.timeout().toSeconds() + " s");
                }
                try {
                    progress.wait(left);
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
            LOG.log(Level.SEVERE, e, () -> "Stopped reading " + topic + "; serving what was read");
            synchronized (progress) {
                readerFailure = e;
                progress.notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        LOG.finest(() -> "Applying offset " + record.offset() + " of " + topic);
        applier.apply(record.offset(), record.key(), record.value());
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** Stops reading and writing, and disconnects; a log that never started has nothing to stop. */
    @Override
    public synchronized void close() {
        closed = true;
        if (reader == null) {
            return;
        }
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
