package io.meshwork.bench;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.SubscriptionRequest;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end latency of a subscription at a fixed rate: each order is published over HTTP when it
 * is due (open loop) and timed until it arrives, filtered and projected, on the subscription's
 * delivery topic; beside it, in the same run, a plain consumer of the source topic times the same
 * orders. The difference is what the subscription adds. Run with
 * {@code bench/run-main SubscriptionLatency [events-per-second] [seconds]}.
 */
public final class SubscriptionLatency {

    private static final String DELIVERY = "_sub.bench.latency";

    private SubscriptionLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (BenchMesh mesh = BenchMesh.start(); IngestTarget target = new IngestTarget(mesh)) {
            ServiceProcess processors = startProcessors(mesh);
            try {
                subscribe(mesh);
                List<GenericRecord> warmUp = OrderEvents.generate(500, 3);
                List<GenericRecord> orders = OrderEvents.generate(rate * seconds, 11);
                Map<String, Long> due = new ConcurrentHashMap<>();
                Map<String, Long> source = new ConcurrentHashMap<>();
                Map<String, Long> delivered = new ConcurrentHashMap<>();
                AtomicBoolean reading = new AtomicBoolean(true);
                Thread sourceReader = reader(mesh, IngestTarget.TOPIC, "read_uncommitted", source, reading);
                Thread deliveryReader = reader(mesh, DELIVERY, "read_committed", delivered, reading);
                for (GenericRecord order : warmUp) {
                    target.http(IngestTarget.json(List.of(order)));
                }
                awaitCount(delivered, warmUp.size(), Duration.ofSeconds(60));

                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                List<CompletableFuture<Void>> sent = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < orders.size(); i++) {
                    long when = start + i * interval;
                    long wait = when - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    GenericRecord order = orders.get(i);
                    due.put(order.get("orderId").toString(), when);
                    sent.add(target.httpAsync(IngestTarget.json(List.of(order))));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                awaitCount(delivered, warmUp.size() + orders.size(), Duration.ofSeconds(120));
                reading.set(false);
                sourceReader.join();
                deliveryReader.join();

                System.out.printf("fixed rate %d events/s for %d s, one event per HTTP request%n", rate, seconds);
                report("HTTP publish -> plain consumer of the source topic", latencies(due, source));
                report("HTTP publish -> subscription delivery (filter, projection, exactly once)", latencies(due, delivered));
                System.out.printf("delivered %d of %d published%n",
                        due.keySet().stream().filter(delivered::containsKey).count(), due.size());
            } finally {
                processors.stop();
            }
        }
    }

    private static ServiceProcess startProcessors(BenchMesh mesh) {
        Path app = Path.of(System.getProperty("mesh.processors.app",
                "stream-processors/target/quarkus-app/quarkus-run.jar"));
        int port = FreePorts.pick();
        Map<String, String> config = new HashMap<>(mesh.kafka().serviceConfig(MeshPrincipals.PROCESSORS));
        config.put("mesh.processors.gateway-url", mesh.gatewayUrl());
        config.put("mesh.processors.token", mesh.adminToken());
        config.put("mp.jwt.verify.publickey.location", mesh.publicKey().toUri().toString());
        config.put("quarkus.kafka-streams.application-server", "localhost:" + port);
        config.put("kafka-streams.state.dir", mesh.work().resolve("streams").toString());
        return ServiceProcess.start("stream processors", app, port, "512m", config,
                mesh.work().resolve("processors.log"), Duration.ofSeconds(120));
    }

    private static void subscribe(BenchMesh mesh) {
        MeshClient.of(URI.create(mesh.gatewayUrl()), mesh.consumerToken("bench")).putSubscription("latency", null,
                new SubscriptionRequest(List.of("orders.order-placed.v1"), "message.total > 0.0",
                        List.of("orderId", "restaurantId", "total", "delivery.city")), null);
    }

    /** Reads a topic from its end, noting when each key arrived. */
    private static Thread reader(BenchMesh mesh, String topic, String isolation, Map<String, Long> arrivals,
                                 AtomicBoolean reading) {
        Map<String, Object> config = new HashMap<>(mesh.kafka().superuserConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (reading.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        arrivals.putIfAbsent(record.key(), System.nanoTime());
                    }
                }
            }
        }, "reader-" + topic);
        thread.start();
        return thread;
    }

    private static void awaitCount(Map<String, Long> arrivals, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrivals.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + arrivals.size() + " of " + count + " arrived within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static long[] latencies(Map<String, Long> due, Map<String, Long> arrivals) {
        return due.entrySet().stream().filter(e -> arrivals.containsKey(e.getKey()))
                .mapToLong(e -> arrivals.get(e.getKey()) - e.getValue()).sorted().toArray();
    }

    private static void report(String what, long[] sorted) {
        System.out.printf("%-76s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", what, ms(sorted, 0.50), ms(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
