package io.meshwork.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.generic.GenericRecord;

/**
 * Publish latency at a fixed rate, one event per request, open loop: each event is sent when it is
 * due, without waiting for earlier ones, and timed from then until the gateway answered 200 (over
 * HTTP) or Kafka acknowledged it (raw producer, acks=all). Run with
 * {@code bench/run-main IngestLatency [events-per-second] [seconds]}.
 */
public final class IngestLatency {

    private IngestLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (BenchMesh mesh = BenchMesh.start(); IngestTarget target = new IngestTarget(mesh)) {
            List<GenericRecord> orders = OrderEvents.generate(rate * seconds, 11);
            String[] bodies = new String[orders.size()];
            for (int i = 0; i < orders.size(); i++) {
                bodies[i] = IngestTarget.json(List.of(orders.get(i)));
            }
            for (int i = 0; i < Math.min(500, orders.size()); i++) {
                target.http(bodies[i]);
                target.raw(List.of(orders.get(i)));
            }
            long[] raw = measure(rate, orders.size(), i -> target.rawAsync(orders.get(i)));
            long[] http = measure(rate, orders.size(), i -> target.httpAsync(bodies[i]));
            System.out.printf("fixed rate %d events/s for %d s, one event per request%n", rate, seconds);
            report("raw producer (acks=all)", raw);
            report("HTTP ingestion", http);
        }
    }

    private interface Send {
        CompletableFuture<Void> send(int index);
    }

    private static long[] measure(int rate, int count, Send send) throws Exception {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long[] latencies = new long[count];
        CompletableFuture<?>[] done = new CompletableFuture<?>[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            // Timed from when the event was due, not from when it could be sent (no coordinated omission).
            done[i] = send.send(i).thenRun(() -> latencies[index] = System.nanoTime() - due);
        }
        CompletableFuture.allOf(done).get(2, TimeUnit.MINUTES);
        return latencies;
    }

    private static void report(String what, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("%-26s p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%n", what, ms(sorted, 0.50), ms(sorted, 0.99),
                Duration.ofNanos(sorted[sorted.length - 1]).toNanos() / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
