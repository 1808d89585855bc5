package io.meshwork.gateway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated and mutated requests against the packaged gateway over HTTP: every
 * operation its OpenAPI document describes, with junk for every parameter and body, and batches of
 * events made from the demo products' schemas and then broken. Throughout, no answer is 500 or more,
 * every refusal has a body, and readiness stays up; afterwards, every event the gateway accepted is
 * in its topic at the partition and offset it said, and every one it rejected is in the dead letters.
 * The seed is {@code mesh.fuzz.seed} (fixed by default, so a failure can be replayed).
 */
class GatewayFuzzIT {

    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("mesh.fuzz.seed", 20261201L);
    private static final int API_REQUESTS = Integer.getInteger("mesh.fuzz.api-requests", 2500);
    private static final int BATCHES = Integer.getInteger("mesh.fuzz.batches", 1200);
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> DOMAINS = List.of("orders", "logistics", "restaurants", "customers", "app-analytics");

    private static Path work;
    private static ServiceProcess gateway;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> UNHEALTHY = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean WATCHING = new AtomicBoolean(true);
    private static Thread healthWatch;

    @BeforeAll
    static void start() throws Exception {
        work = Folders.temporary("mesh-fuzz-");
        Map<String, String> config = new HashMap<>(new TestTokens().start());
        config.putAll(TestInfrastructure.shared().kafka().gatewayConfig());
        gateway = ServiceProcess.start("gateway", APP, FreePorts.pick(), "384m", config, work.resolve("gateway.log"),
                Duration.ofSeconds(90));
        MeshClient.of(gateway.url(), TestTokens.admin()).withTimeout(Duration.ofMinutes(2))
                .apply(ContractBundle.read(Path.of(System.getProperty("mesh.contracts.dir"))).request(), false, "fuzz");
        healthWatch = new Thread(() -> {
            while (WATCHING.get()) {
                try {
                    HttpResponse<String> ready = send(HttpRequest.newBuilder(gateway.url().resolve("/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build());
                    if (ready.statusCode() != 200) {
                        UNHEALTHY.add(ready.statusCode() + " " + ready.body());
                    }
                } catch (RuntimeException e) {
                    UNHEALTHY.add(e.toString());
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }, "fuzz-health-watch");
        healthWatch.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        WATCHING.set(false);
        if (healthWatch != null) {
            healthWatch.join();
        }
        if (gateway != null) {
            gateway.stop();
        }
        Folders.delete(work);
    }

    @Test
    void generatedAndMutatedEventsAreEitherInTheirTopicOrInTheDeadLettersAndNeverA5xx() throws Exception {
        Random random = new Random(SEED);
        Junk junk = new Junk(random);
        Events events = new Events(random, junk);
        Map<String, Schema> products = productsPublishableOverHttp();
        Map<String, Set<String>> accepted = new HashMap<>();
        Map<String, Set<String>> rejected = new HashMap<>();
        List<String> serverErrors = new ArrayList<>();
        AtomicInteger counted = new AtomicInteger();
        List<String> topics = new ArrayList<>(products.keySet());
        for (int b = 0; b < BATCHES; b++) {
            String topic = junk.pick(topics);
            String domain = topic.substring(0, topic.indexOf('.'));
            List<JsonNode> batch = new ArrayList<>();
            for (int i = 1 + junk.upTo(20); i > 0; i--) {
                JsonNode event = junk.chance(70) ? events.mutated(products.get(topic)) : events.valid(products.get(topic));
                if (junk.chance(40)) {
                    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
                    envelope.put("id", "fuzz-" + SEED + "-" + counted.incrementAndGet());
                    if (junk.chance(30)) {
                        envelope.set("time", junk.chance(50) ? JsonNodeFactory.instance.textNode(junk.string())
                                : JsonNodeFactory.instance.textNode(junk.pick(List.of("0001-01-01T00:00:00Z",
                                "2026-11-22T12:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"))));
                    }
                    envelope.set("data", event);
                    event = envelope;
                }
                batch.add(event);
            }
            boolean ndjson = junk.chance(30);
            String body = ndjson ? String.join("\n", batch.stream().map(JsonNode::toString).toList())
                    : JSON.writeValueAsString(batch);
            HttpResponse<String> answer = post("/v1/products/" + topic + "/events", TestTokens.producer(domain),
                    ndjson ? "application/x-ndjson" : "application/json", body);
            if (answer.statusCode() >= 500) {
                serverErrors.add(answer.statusCode() + " for " + abbreviate(body) + ": " + abbreviate(answer.body()));
                continue;
            }
            if (answer.statusCode() == 200 || answer.statusCode() == 207) {
                for (JsonNode result : JSON.readTree(answer.body()).path("results")) {
                    String id = result.path("id").asText();
                    switch (result.path("status").asText()) {
                        case "accepted" -> accepted.computeIfAbsent(topic, t -> new HashSet<>())
                                .add(result.path("partition").asInt() + "@" + result.path("offset").asLong() + "=" + id);
                        case "rejected" -> rejected.computeIfAbsent(domain, d -> new HashSet<>()).add(topic + "=" + id);
                        default -> serverErrors.add("event " + id + " of a " + answer.statusCode() + " was "
                                + result.path("status").asText());
                    }
                }
            } else {
                assertRefusalHasABody(answer, "POST /v1/products/" + topic + "/events");
            }
        }

        assertThat(serverErrors).as("answers of 500 or more (seed %d)", SEED).isEmpty();
        assertThat(accepted.values().stream().mapToInt(Set::size).sum()).as("accepted events").isGreaterThan(500);
        assertThat(rejected.values().stream().mapToInt(Set::size).sum()).as("rejected events").isGreaterThan(500);
        for (Map.Entry<String, Set<String>> topic : accepted.entrySet()) {
            Set<String> found = positions(topic.getKey(), null);
            List<String> missing = topic.getValue().stream().filter(p -> !found.contains(p)).map(p -> p + " (there: "
                    + found.stream().filter(f -> f.startsWith(p.substring(0, p.indexOf('=') + 1))).toList() + ")").toList();
            assertThat(missing).as("accepted events of %s not in it where the gateway said", topic.getKey()).isEmpty();
        }
        for (Map.Entry<String, Set<String>> domain : rejected.entrySet()) {
            assertThat(positions("_mesh.dlq." + domain.getKey(), "mesh_topic")).as("every rejected event of domain %s"
                    + " is a dead letter", domain.getKey()).containsAll(domain.getValue());
        }
        assertThat(UNHEALTHY).as("readiness while fuzzing").isEmpty();
    }

    @Test
    void everyOperationOfTheOpenApiDocumentAnswersBelow500WithABodyWhateverItIsSent() throws Exception {
        Random random = new Random(SEED + 1);
        Junk junk = new Junk(random);
        JsonNode paths = JSON.readTree(send(HttpRequest.newBuilder(gateway.url().resolve("/q/openapi?format=json"))
                .build()).body()).path("paths");
        List<String[]> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(new String[] {path.getKey(), method}));
        }
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(40);
        List<String> tokens = List.of(TestTokens.admin(), TestTokens.producer("orders"), TestTokens.consumer("fuzzer"),
                TestTokens.forged(), "not-a-token", "");
        List<String> serverErrors = new ArrayList<>();
        for (int n = 0; n < API_REQUESTS; n++) {
            String[] operation = junk.pick(operations);
            String method = operation[1].toUpperCase();
            String template = operation[0];
            if (template.endsWith("/events") && method.equals("GET")) {
                continue;
            }
            JsonNode declared = paths.path(template).path(operation[1]);
            String path = path(template, junk);
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : declared.path("parameters")) {
                if ("query".equals(parameter.path("in").asText()) && junk.chance(50)) {
                    query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asText()).append('=')
                            .append(URLEncoder.encode(junk.string(), StandardCharsets.UTF_8));
                }
            }
            String token = junk.pick(tokens);
            // Destructive calls only with tokens that may not make them, so that the rest of the run keeps its products.
            if ((method.equals("DELETE") || template.contains("/mode") || template.contains("/config"))
                    && token.equals(TestTokens.admin())) {
                token = TestTokens.consumer("fuzzer");
            }
            String body = !declared.has("requestBody") && junk.chance(80) ? null
                    : junk.chance(15) ? junk.brokenJson() : junk.value(4).toString();
            String type = junk.pick(List.of("application/json", "application/json", "application/vnd.schemaregistry.v1+json",
                    "text/plain", "application/x-ndjson"));
            HttpResponse<String> answer = request(method, path + query, token, type, body);
            if (answer.statusCode() >= 500) {
                serverErrors.add(answer.statusCode() + " for " + method + " " + abbreviate(path + query) + " with "
                        + abbreviate(String.valueOf(body)) + ": " + abbreviate(answer.body()));
            } else if (answer.statusCode() >= 400) {
                assertRefusalHasABody(answer, method + " " + template);
            }
        }
        assertThat(serverErrors).as("answers of 500 or more (seed %d)", SEED + 1).isEmpty();
        assertThat(UNHEALTHY).as("readiness while fuzzing").isEmpty();
    }

    /** A path for the template, each parameter a real name or junk. */
    private static String path(String template, Junk junk) {
        Matcher parameter = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String value = switch (parameter.group(1)) {
                case "topic" -> junk.chance(50) ? junk.pick(List.of("orders.order-placed.v2",
                        "customers.customer-registered.v1", "app-analytics.screen-viewed.v1")) : junk.string();
                case "subject" -> junk.chance(50) ? "orders.order-placed.v2-value" : junk.string();
                case "version" -> junk.pick(List.of("1", "latest", "-1", "0", "99999999999", junk.string()));
                case "id" -> junk.pick(List.of("1", "2", "-1", "0", "2147483648", junk.string()));
                case "domain" -> junk.chance(50) ? junk.pick(DOMAINS) : junk.string();
                default -> junk.chance(30) ? "fuzzer" : junk.string();
            };
            parameter.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)
                    .replace("+", "%20")));
        }
        parameter.appendTail(path);
        return path.toString();
    }

    private static void assertRefusalHasABody(HttpResponse<String> answer, String call) {
        assertThat(answer.body()).as("the %d of %s has a body", answer.statusCode(), call).isNotBlank();
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as("the %d of %s", answer.statusCode(), call)
                .containsAnyOf("application/problem+json", "application/json");
    }

    /** The products the demo domains publish, with their schemas. */
    private static Map<String, Schema> productsPublishableOverHttp() throws Exception {
        Map<String, Schema> products = new HashMap<>();
        JsonNode list = JSON.readTree(request("GET", "/v1/products", TestTokens.admin(), null, null).body());
        for (JsonNode product : list) {
            String topic = product.path("topic").asText();
            JsonNode detail = JSON.readTree(request("GET", "/v1/products/" + topic, TestTokens.admin(), null, null).body());
            if (!detail.has("derivation") && "active".equals(detail.path("status").asText())) {
                products.put(topic, new Schema.Parser().parse(detail.path("schema").asText()));
            }
        }
        assertThat(products).hasSizeGreaterThan(5);
        return products;
    }

    /** Every record of a topic as {@code partition@offset=id}, or as {@code <header>=id} when a header is named. */
    private static Set<String> positions(String topic, String header) {
        Set<String> positions = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(TestInfrastructure.shared().kafka()
                .superuserConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = text(record.headers().lastHeader("ce_id"));
                    positions.add((header == null ? record.partition() + "@" + record.offset()
                            : text(record.headers().lastHeader(header))) + "=" + id);
                }
            }
        }
        return positions;
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String path, String token, String type, String body) {
        return request("POST", path, token, type, body);
    }

    private static HttpResponse<String> request(String method, String path, String token, String type, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the gateway did not answer " + request.method() + " " + request.uri() + ": "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }
}
