package io.meshwork.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many publish requests at once over one HTTP/2 connection, more than the gateway has worker threads,
 * each with a body of several frames: every one is answered 200. A body read by a blocking worker
 * would keep the connection's flow-control window until a worker got to it, and the bodies being
 * read would wait for data the client may not send, until the read timed out.
 */
class Http2IngestIT {

    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "parcels.parcel-scanned.v1";
    private static final String SCHEMA = """
            {"type": "record", "name": "ParcelScanned", "namespace": "test.parcels",
             "fields": [{"name": "parcelId", "type": "string"}, {"name": "depot", "type": "string"},
                        {"name": "note", "type": "string"}]}""";

    private static Path work;
    private static ServiceProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        work = Folders.temporary("mesh-h2-");
        Map<String, String> config = new HashMap<>(new TestTokens().start());
        config.putAll(TestInfrastructure.shared().kafka().gatewayConfig());
        config.put("quarkus.thread-pool.max-threads", "4");
        config.put("quarkus.http.read-timeout", "10s");
        gateway = ServiceProcess.start("gateway", APP, FreePorts.pick(), "384m", config, work.resolve("gateway.log"),
                Duration.ofSeconds(90));
        HttpResponse<String> applied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        gateway.url().resolve("/v1/contracts"))
                .header("Authorization", "Bearer " + TestTokens.admin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(TestContracts.request("parcels",
                        "parcel-scanned", TestContracts.yaml("parcels", "parcel-scanned", "active", 3, "parcelId", ""),
                        SCHEMA))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        Folders.delete(work);
    }

    @Test
    void moreConcurrentPublishesThanWorkersOnOneConnectionAreAllAnswered() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> first = http.send(publish(1), HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).as("the connection was upgraded to HTTP/2 (h2c)").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            answers.add(http.sendAsync(publish(80), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(80);
        }
    }

    /** A batch of events of about 400 bytes each: 80 of them make a body of several HTTP/2 frames. */
    private static HttpRequest publish(int events) throws Exception {
        List<Map<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(Map.of("parcelId", UUID.randomUUID().toString(), "depot", "berlin-" + (i % 7),
                    "note", "x".repeat(350)));
        }
        return HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/products/" + TOPIC + "/events"))
                .header("Authorization", "Bearer " + TestTokens.producer("parcels"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build();
    }
}
