package io.meshwork.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.generic.GenericRecord;

/**
 * HTTP ingestion's throughput with many clients beside the broker's own limit for the same orders:
 * an asynchronous raw producer (idempotent, {@code acks=all}, {@code linger.ms=5}, zstd) sending
 * them, already Avro, as fast as it can; then {@code clients} HTTP clients (h2load) posting batches
 * of {@value #BATCH} orders as JSON, each waiting for its answer, and the same clients posting one
 * order per request; over HTTP/1.1 and HTTP/2. Every answer must be a 200: the gateway answers once
 * Kafka acknowledged every event of the request.
 *
 * <p>{@code bench/run-main IngestThroughput [clients] [seconds]}, default 16 15.
 */
public final class IngestThroughput {

    static final int BATCH = 100;
    private static final int RAW = 600_000;

    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        try (BenchMesh mesh = BenchMesh.start(); IngestTarget target = new IngestTarget(mesh)) {
            List<GenericRecord> orders = OrderEvents.generate(RAW, 7);
            rawAsync(target, orders.subList(0, RAW / 4));
            double raw = rawAsync(target, orders);
            System.out.printf("raw producer, asynchronous: %,.0f events/s%n", raw);

            Path batch = Files.writeString(mesh.work().resolve("batch.json"), IngestTarget.json(orders.subList(0, BATCH)));
            Path single = Files.writeString(mesh.work().resolve("single.json"), IngestTarget.json(orders.subList(0, 1)));
            URI events = URI.create(mesh.gatewayUrl() + "/v1/products/" + IngestTarget.TOPIC + "/events");
            Map<String, String> headers = Map.of("Authorization", "Bearer " + mesh.producerToken("orders"),
                    "Content-Type", "application/json");
            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
                H2Load.run(version, events, headers, batch, clients, 5);
                H2Load.Rate batches = H2Load.run(version, events, headers, batch, clients, seconds);
                H2Load.run(version, events, headers, single, clients, 5);
                H2Load.Rate singles = H2Load.run(version, events, headers, single, clients, seconds);
                System.out.printf("%s, %d clients: batches of %d %,.0f events/s (%.2fx the raw producer, %d errors);"
                        + " one event per request %,.0f requests/s (%d errors)%n", version, clients, BATCH,
                        batches.perSecond() * BATCH, batches.perSecond() * BATCH / raw, batches.errors(),
                        singles.perSecond(), singles.errors());
            }
        }
    }

    /** Sends every order without waiting, then waits for the last acknowledgement; events per second. */
    private static double rawAsync(IngestTarget target, List<GenericRecord> orders) {
        long begin = System.nanoTime();
        List<CompletableFuture<Void>> sends = new ArrayList<>(orders.size());
        for (GenericRecord order : orders) {
            sends.add(target.rawAsync(order));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return orders.size() / ((System.nanoTime() - begin) / 1e9);
    }
}
