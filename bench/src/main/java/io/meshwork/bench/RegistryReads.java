package io.meshwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.core.json.MeshJson;
import io.meshwork.testkit.contracts.ContractYaml;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Schema look-ups by id ({@code GET /registry/schemas/ids/{id}}, as every deserializer makes them)
 * beside the same gateway's health endpoint, the fixed cost of an HTTP request, in the same run,
 * with the same clients, each sending one request after another, with a token (the registry) or
 * without (health), over HTTP/1.1 and then over HTTP/2 (cleartext). The clients are nghttp2's
 * {@code h2load} when it is on the path (Debian's {@code nghttp2-client}), whose 32 connections
 * cost a few percent of a core, or else as many threads of Java's {@code HttpClient}, which take as
 * much of the two cores as the gateway does and so measure the client as much as the server.
 *
 * <p>{@code bench/run-main RegistryReads [clients] [seconds]}, default 32 10.
 */
public final class RegistryReads {

    private static final String SCHEMA = """
            {"type": "record", "name": "Lookup", "namespace": "io.meshwork.bench", "fields": [
              {"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]}
            """;

    private RegistryReads() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (BenchMesh mesh = BenchMesh.start()) {
            int id = register(mesh);
            String token = mesh.consumerToken("bench-reader");
            URI health = URI.create(mesh.gatewayUrl() + "/q/health/live");
            URI schema = URI.create(mesh.registryUrl() + "/schemas/ids/" + id);
            Load load = H2Load.find().isPresent() ? RegistryReads::h2load : RegistryReads::javaClients;
            System.out.println("clients: " + (H2Load.find().isPresent() ? "h2load" : "Java's HttpClient"));
            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
                // Warm both paths (JIT, connections) before either is timed.
                load.run(version, health, null, clients, 3);
                load.run(version, schema, token, clients, 3);
                H2Load.Rate healthRate = load.run(version, health, null, clients, seconds);
                H2Load.Rate schemaRate = load.run(version, schema, token, clients, seconds);
                System.out.printf("%s, %d clients, %d s each: health %,.0f requests/s (%d errors), schema by id %,.0f"
                        + " requests/s (%d errors): %.2fx%n", version, clients, seconds, healthRate.perSecond(),
                        healthRate.errors(), schemaRate.perSecond(), schemaRate.errors(),
                        schemaRate.perSecond() / healthRate.perSecond());
            }
        }
    }

    /** Requests sent by {@code clients} at once for {@code seconds}, with the token when there is one. */
    @FunctionalInterface
    private interface Load {
        H2Load.Rate run(HttpClient.Version version, URI uri, String token, int clients, int seconds) throws Exception;
    }

    private static H2Load.Rate h2load(HttpClient.Version version, URI uri, String token, int clients, int seconds)
            throws Exception {
        return H2Load.run(version, uri, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), null,
                clients, seconds);
    }

    private static H2Load.Rate javaClients(HttpClient.Version version, URI uri, String token, int clients, int seconds)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() == 200 ? ok : errors).increment();
                    } catch (IOException e) {
                        errors.increment();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "client-" + i);
            thread.start();
            threads.add(thread);
        }
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long answered = ok.sum();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return new H2Load.Rate(answered / elapsed, errors.sum());
    }

    /** Applies a product and returns the registry's id of its schema. */
    private static int register(BenchMesh mesh) throws Exception {
        Path folder = Files.createDirectories(mesh.work().resolve("contracts").resolve("bench"));
        Files.writeString(folder.resolve("domain.yaml"), "domain: bench\nteam: bench\ntokenSubjects:\n  - bench-service\n");
        Files.writeString(folder.resolve("lookup.v1.avsc"), SCHEMA);
        Files.writeString(folder.resolve("lookup.v1.yaml"), ContractYaml.of("bench", "lookup")
                .description("Schema look-ups for the registry benchmark.").schemaName("Lookup").key("id").yaml());
        MeshClient.of(URI.create(mesh.gatewayUrl()), mesh.adminToken()).withTimeout(Duration.ofMinutes(2))
                .apply(ContractBundle.read(folder.getParent()).request(), false, null);
        HttpResponse<String> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(mesh.registryUrl() + "/subjects/bench.lookup.v1-value/versions/latest"))
                .header("Authorization", "Bearer " + mesh.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode version = MeshJson.mapper().readTree(latest.body());
        return version.get("id").asInt();
    }
}
