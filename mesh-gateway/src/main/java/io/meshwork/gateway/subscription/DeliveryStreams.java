package io.meshwork.gateway.subscription;

import io.meshwork.gateway.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Streams delivery topics to HTTP clients as server-sent events, one Kafka consumer per client,
 * reading committed records only. Each event's id is the position after it, so a client that
 * reconnects with {@code Last-Event-ID} continues exactly where it stopped.
 */
@ApplicationScoped
public class DeliveryStreams {

    /** The header the stream processors put on each delivery: the product it came from. */
    static final String SOURCE_HEADER = "mesh_source_topic";
    private static final Logger LOG = Logger.getLogger(DeliveryStreams.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sse-delivery-" + ids.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "mesh.subscriptions.max-streams", defaultValue = "200")
    int maxStreams;

    private Semaphore slots;

    synchronized Semaphore slots() {
        if (slots == null) {
            slots = new Semaphore(maxStreams);
        }
        return slots;
    }

    void stream(String topic, DeliveryPosition from, SseEventSink sink, Sse sse) {
        if (!slots().tryAcquire()) {
            throw ProblemException.retryLater(503, "Too many streams", "this gateway already serves " + maxStreams
                    + " event streams; read " + topic + " with a Kafka consumer, or retry later", 5);
        }
        executor.submit(() -> {
            try {
                run(topic, from, sink, sse);
            } catch (RuntimeException e) {
                LOG.debugf("Event stream of %s ended: %s", topic, e.toString());
            } finally {
                slots().release();
                sink.close();
            }
        });
    }

    private void run(String topic, DeliveryPosition from, SseEventSink sink, Sse sse) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sse-" + topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<Integer, Long> position = new HashMap<>();
            if (from.latest()) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            for (TopicPartition partition : partitions) {
                Long offset = from.offsets().get(partition.partition());
                if (offset != null) {
                    consumer.seek(partition, offset);
                }
                position.put(partition.partition(), consumer.position(partition));
            }
            long idleSince = System.nanoTime();
            while (!sink.isClosed() && !stopping) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    position.put(record.partition(), record.offset() + 1);
                    Header source = record.headers().lastHeader(SOURCE_HEADER);
                    send(sink, sse.newEventBuilder()
                            .id(DeliveryPosition.format(position))
                            .name(source == null ? "event" : new String(source.value(), StandardCharsets.UTF_8))
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8))
                            .build());
                }
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > KEEP_ALIVE.toNanos()) {
                    // A comment keeps proxies from closing the connection and finds clients that went away.
                    send(sink, sse.newEventBuilder().comment("keep-alive").build());
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static void send(SseEventSink sink, jakarta.ws.rs.sse.OutboundSseEvent event) {
        try {
            sink.send(event).toCompletableFuture().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the client is gone: " + e, e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        executor.shutdown();
    }
}
