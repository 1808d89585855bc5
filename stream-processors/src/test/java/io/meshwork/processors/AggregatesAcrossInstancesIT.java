package io.meshwork.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged processors share the work; an aggregate is read by key from
 * either one, which answers from its own store or asks the instance that holds the key.
 */
class AggregatesAcrossInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyKeyIsReadableFromEitherInstance() throws Exception {
        TestMesh mesh = TestMesh.shared();
        DemoEvents demo = new DemoEvents(mesh);
        ServiceProcess first = start(mesh, "first");
        ServiceProcess second = start(mesh, "second");
        try {
            Instant now = Instant.now();
            Instant window = now.minusMillis(now.toEpochMilli() % Duration.ofMinutes(5).toMillis());
            List<String> restaurants = IntStream.range(0, 12).mapToObj(i -> "r-iq-" + i).toList();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(mesh.domainClient("orders"),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < restaurants.size(); i++) {
                    for (int n = 0; n <= i; n++) {
                        String id = DemoEvents.newOrderId();
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>("orders.order-placed.v2", null,
                                window.toEpochMilli() + n, id, demo.order(id, "c-1", restaurants.get(i), "Berlin", "10.00",
                                window.plusMillis(n)));
                        CloudEventHeaders.add(record.headers(), id, "orders", "orders.order-placed.v2", window);
                        producer.send(record).get();
                    }
                }
            }
            String token = mesh.consumerToken("dashboards");
            Set<String> servedBy = new HashSet<>();
            for (ServiceProcess asked : List.of(first, second)) {
                for (int i = 0; i < restaurants.size(); i++) {
                    String restaurant = restaurants.get(i);
                    int expected = i + 1;
                    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(asked.url()
                                        + "/v1/aggregates/orders.restaurant-sales.v1/" + restaurant + "?from="
                                        + window.minusSeconds(1) + "&to=" + window.plusSeconds(1)))
                                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        JsonNode body = JSON.readTree(answer.body());
                        assertThat(body.at("/windows/0/measures/orders").asLong()).isEqualTo(expected);
                        servedBy.add(body.path("servedBy").asText());
                    });
                }
            }
            assertThat(servedBy).as("the keys are spread over both instances").hasSize(2);
        } finally {
            first.stop();
            second.stop();
        }
    }

    private static ServiceProcess start(TestMesh mesh, String name) {
        int port = FreePorts.pick();
        Map<String, String> config = new HashMap<>();
        config.putAll(mesh.kafka().serviceConfig(MeshPrincipals.PROCESSORS));
        config.put("mesh.processors.gateway-url", mesh.gatewayUrl().toString());
        config.put("mesh.processors.token", mesh.adminToken());
        config.put("mp.jwt.verify.publickey.location", mesh.publicKey().toUri().toString());
        config.put("quarkus.kafka-streams.application-id", "mesh-stream-processors-iq-it");
        config.put("quarkus.kafka-streams.application-server", "localhost:" + port);
        config.put("kafka-streams.state.dir", mesh.work().resolve("state-" + name).toString());
        return ServiceProcess.start("processors " + name, Path.of(System.getProperty("mesh.processors.app")), port, "384m",
                config, mesh.work().resolve(name + ".log"), Duration.ofSeconds(120));
    }
}
