package io.meshwork.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshwork.cli.Mesh;
import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.TokenSigner;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ReadToEnd;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class DevMeshTest {

    private static final Path KCAT_PATH = Path.of(System.getProperty("mesh.kcat", "tools/kcat/bin/kcat"));

    /** The kcat {@code tools/build-kcat} built, which {@code .ci/run} always builds; null when absent here. */
    private static final Path KCAT = Files.isExecutable(KCAT_PATH) ? KCAT_PATH : null;

    static final Path GATEWAY = Path.of(System.getProperty("mesh.gateway.app"));
    static final Path ARCHIVER = Path.of(System.getProperty("mesh.archiver.app"));
    static final Path PROCESSORS = Path.of(System.getProperty("mesh.processors.app"));

    @TempDir
    Path home;

    @Test
    void runsKafkaAndS3ThatPlainClientsCanUseAndKeepsTheirDataAcrossRestarts() throws Exception {
        DevSettings settings = settings(home);
        List<String> progress = new ArrayList<>();

        try (DevMesh mesh = DevMesh.start(settings, progress::add)) {
            DevState state = mesh.state();
            assertThat(progress).anyMatch(line -> line.contains("Kafka ready on " + state.kafkaBootstrap()));
            assertThat(DevState.read(settings.stateFile())).contains(state);

            Map<String, Object> admin = kafkaConfig("--admin");
            assertThat(admin).containsEntry("bootstrap.servers", state.kafkaBootstrap())
                    .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            produce(admin, "orders.order-placed.v1", "o-1", "placed");
            assertThatThrownBy(() -> produce(Map.of("bootstrap.servers", state.kafkaBootstrap(), "max.block.ms", 5000),
                    "orders.order-placed.v1", "o-2", "anonymous")).as("an anonymous client is refused");
            String token = new TokenSigner(KeyFiles.loadOrCreate(settings.keys()).getPrivate())
                    .sign("orders-service", List.of("producer"), Optional.of("orders"), Duration.ofMinutes(5));
            assertThat(get(state.gatewayUrl() + "/registry/subjects", token).statusCode()).isEqualTo(200);
            assertThat(get(state.gatewayUrl() + "/registry/subjects", null).statusCode()).isEqualTo(401);
            assertThat(get(state.gatewayUrl() + "/q/health/ready", null).statusCode()).isEqualTo(200);

            String adminToken = new TokenSigner(KeyFiles.loadOrCreate(settings.keys()).getPrivate())
                    .sign("admin", List.of("admin"), Optional.empty(), Duration.ofMinutes(5));
            StringWriter applied = new StringWriter();
            CommandLine cli = Mesh.commandLine().setOut(new PrintWriter(applied, true));
            assertThat(cli.execute("apply", "--gateway", state.gatewayUrl(), "--token", adminToken,
                    System.getProperty("mesh.contracts.dir"))).isZero();
            assertThat(applied.toString()).contains("14 contract(s), 14 changed");
            assertThat(get(state.gatewayUrl() + "/v1/products/orders.order-placed.v2", token).statusCode()).isEqualTo(200);
            try (S3Client s3 = s3(state)) {
                s3.putObject(b -> b.bucket(state.lakeBucket()).key("demo/hello.txt"), RequestBody.fromString("hello"));
            }
        }
        assertThat(settings.stateFile()).doesNotExist();
        assertThat(FreePorts.inUse(settings.kafkaPort())).isFalse();
        assertThat(FreePorts.inUse(settings.s3Port())).isFalse();

        try (DevMesh again = DevMesh.start(settings, line -> { })) {
            DevState state = again.state();
            assertThat(consume(kafkaConfig("--admin"), "orders.order-placed.v1", 1))
                    .extracting(ConsumerRecord::value).containsExactly("placed");
            try (S3Client s3 = s3(state)) {
                assertThat(s3.listObjectsV2(b -> b.bucket(state.lakeBucket()).prefix("demo/")).contents())
                        .extracting(S3Object::key).containsExactly("demo/hello.txt");
            }
        }
    }

    @Test
    void theDemoDomainsApplyTheirContractsAndStartProducing() throws Exception {
        DevSettings plain = settings(home);
        DevSettings settings = new DevSettings(home, plain.kafkaPort(), plain.kafkaControllerPort(), plain.s3Port(),
                "meshwork", "meshwork-secret", "meshwork-lake", plain.gatewayPort(), null, GATEWAY, ARCHIVER, PROCESSORS,
                FreePorts.pick(),
                new DevSettings.Demo(Path.of(System.getProperty("mesh.contracts.dir")),
                        Path.of(System.getProperty("mesh.producers.app")), 50));
        List<String> progress = new ArrayList<>();

        try (DevMesh mesh = DevMesh.start(settings, progress::add)) {
            DevState state = mesh.state();
            assertThat(progress).anyMatch(line -> line.contains("14 contracts of 5 domains applied"))
                    .anyMatch(line -> line.contains("Demo producers running"));
            String token = new TokenSigner(KeyFiles.loadOrCreate(settings.keys()).getPrivate())
                    .sign("someone", List.of("consumer"), Optional.empty(), Duration.ofMinutes(5));
            assertThat(get(state.gatewayUrl() + "/v1/products/orders.order-placed.v2", token).statusCode()).isEqualTo(200);
            String admin = new TokenSigner(KeyFiles.loadOrCreate(settings.keys()).getPrivate())
                    .sign("admin", List.of("admin"), Optional.empty(), Duration.ofMinutes(30));
            StringWriter manifests = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(manifests, true)).execute("k8s", "render",
                    System.getProperty("mesh.contracts.dir"))).isZero();
            Map<String, Set<String>> rendered = renderedAcls(manifests.toString());
            assertThat(rendered).containsKeys("orders-service", "mesh-gateway", "mesh-stream-processors", "mesh-archiver");
            for (Map.Entry<String, Set<String>> user : rendered.entrySet()) {
                assertThat(user.getValue()).as("the KafkaUser %s rendered for Strimzi has the ACLs the dev mesh applies",
                        user.getKey()).isEqualTo(appliedAcls(state.gatewayUrl(), user.getKey(), admin));
            }
            Map<String, Object> adminClient = kafkaConfig("--admin");
            assertThat(consume(adminClient, "logistics.rider-location.v1", 5)).hasSizeGreaterThanOrEqualTo(5);
            assertThat(consume(adminClient, "app-analytics.screen-viewed.v1", 5)).hasSizeGreaterThanOrEqualTo(5);
            Map<String, Object> analyst = kafkaConfig("--consumer", "analyst");
            assertThat(consume(analyst, "logistics.delivery-estimate-updated.v1", 5)).hasSizeGreaterThanOrEqualTo(5);
            assertThatThrownBy(() -> consume(analyst, "logistics.rider-location.v1", 1))
                    .as("personal data is out of reach without a grant").isInstanceOf(TopicAuthorizationException.class);
            StringWriter withConsumers = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(withConsumers, true)).execute("k8s", "render",
                    System.getProperty("mesh.contracts.dir"), "--from-gateway", state.gatewayUrl(), "--token", admin))
                    .isZero();
            Map<String, Set<String>> users = renderedAcls(withConsumers.toString());
            assertThat(users).as("a registered consumer has its KafkaUser too").containsKeys("analyst", "orders-service");
            for (Map.Entry<String, Set<String>> user : users.entrySet()) {
                assertThat(user.getValue()).as("%s as the running mesh has it", user.getKey())
                        .isEqualTo(appliedAcls(state.gatewayUrl(), user.getKey(), admin));
            }
            if (KCAT == null) {
                System.err.println("kcat check skipped: no kcat at " + KCAT_PATH + " (tools/build-kcat builds it)");
            } else {
                assertThat(kcat("--consumer", "analyst", "-C", "-t", "restaurants.availability-changed.v1", "-c", "1",
                        "-e", "-o", "beginning", "-f", "%t\\n")).as("kcat reads with the librdkafka settings unchanged")
                        .contains("restaurants.availability-changed.v1");
            }

            String billing = new TokenSigner(KeyFiles.loadOrCreate(settings.keys()).getPrivate())
                    .sign("billing", List.of("consumer"), Optional.empty(), Duration.ofMinutes(5));
            StringWriter subscribed = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(subscribed, true)).execute("subscribe", "orders-in-gbp",
                    "--gateway", state.gatewayUrl(), "--token", billing, "--source", "orders.order-placed.v2",
                    "--filter", "message.price.currency == 'GBP'", "--fields", "orderId,price.total")).isZero();
            assertThat(subscribed.toString()).startsWith("created orders-in-gbp v1: orders.order-placed.v2 where"
                    + " message.price.currency == 'GBP' fields orderId,price.total -> _sub.billing.orders-in-gbp");
            assertThat(consume(kafkaConfig("--consumer", "billing"), "_sub.billing.orders-in-gbp", 1)).isNotEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    get(state.gatewayUrl() + "/v1/products/orders.order-placed.v2/quality", token).statusCode() == 200);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                StringWriter tables = new StringWriter();
                Mesh.commandLine().setOut(new PrintWriter(tables, true)).setErr(new PrintWriter(new StringWriter(), true))
                        .execute("lake", "tables", "--data-dir", home.toString(), "--format", "csv");
                return tables.toString().lines().anyMatch(line -> line.startsWith("orders.order_status_changed_v1,")
                        && !line.endsWith(",0,0,0"));
            });
            StringWriter json = new StringWriter();
            CommandLine lake = Mesh.commandLine().setOut(new PrintWriter(json, true));
            assertThat(lake.execute("lake", "query", "--data-dir", home.toString(), "--format", "json",
                    "SELECT status, count(*) AS n FROM orders_order_status_changed_v1 WHERE dt = current_date"
                            + " GROUP BY ALL ORDER BY status")).isZero();
            assertThat(json.toString()).contains("\"status\" : \"PLACED\"");
            StringWriter pruned = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(pruned, true)).execute("lake", "query", "--data-dir",
                    home.toString(), "--format", "csv", "SELECT count(*) AS n FROM orders_order_status_changed_v1"
                            + " WHERE dt = DATE '2000-01-01'")).isZero();
            assertThat(pruned.toString().lines()).containsExactly("n", "0");

            String[] replay = {"lake", "replay", "--data-dir", home.toString(), "--token", admin,
                    "--topic", "orders.order-status-changed.v1", "--from", Instant.now().minus(Duration.ofHours(2)).toString(),
                    "--to", Instant.now().toString()};
            StringWriter first = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(first, true)).execute(replay)).isZero();
            assertThat(first.toString()).startsWith("Replayed ");
            StringWriter again = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(again, true)).execute(replay)).isZero();
            assertThat(again.toString()).startsWith("Already replayed");
            List<String> replayedIds = readAll(kafkaConfig("--admin"), "orders.order-status-changed.v1").stream()
                    .filter(r -> r.headers().lastHeader("mesh_replayed_from") != null)
                    .map(r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).toList();
            assertThat(replayedIds).isNotEmpty().doesNotHaveDuplicates();

            StringWriter picked = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(picked, true)).execute("lake", "query", "--data-dir",
                    home.toString(), "--format", "csv", "SELECT orderId FROM orders_order_status_changed_v1 LIMIT 1")).isZero();
            String erasedOrder = picked.toString().lines().skip(1).findFirst().orElseThrow();
            StringWriter erased = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(erased, true)).execute("lake", "erase", "--data-dir",
                    home.toString(), "--token", admin, "--table", "orders.order-status-changed.v1", "--where",
                    "orderId = '" + erasedOrder + "'", "--reason", "an erasure request in a test")).isZero();
            assertThat(erased.toString()).startsWith("Erased ").contains("older snapshot(s) expired");
            StringWriter left = new StringWriter();
            assertThat(Mesh.commandLine().setOut(new PrintWriter(left, true)).execute("lake", "query", "--data-dir",
                    home.toString(), "--format", "csv", "SELECT count(*) FILTER (WHERE orderId = '" + erasedOrder
                            + "') AS erased, count(*) AS kept FROM orders_order_status_changed_v1")).isZero();
            assertThat(left.toString().lines().skip(1).findFirst().orElseThrow()).startsWith("0,").doesNotEndWith(",0");
            assertThat(readAll(kafkaConfig("--admin"), "_mesh.audit").stream().map(ConsumerRecord::value))
                    .anyMatch(event -> event.contains("\"lake.erasure.requested\"") && event.contains(erasedOrder))
                    .anyMatch(event -> event.contains("\"lake.erased\"") && event.contains(erasedOrder));
        }
        assertThat(settings.logs().resolve("producers.log")).content().contains("Producing demo events at 50.0/s");
    }

    @Test
    void aSecondStartOnTheSameDataSaysOneIsRunning() {
        DevSettings settings = settings(home);
        try (DevMesh running = DevMesh.start(settings, line -> { })) {
            assertThatThrownBy(() -> DevMesh.start(settings(home), line -> { }))
                    .isInstanceOf(AlreadyRunningException.class)
                    .hasMessageContaining("already running (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining(running.state().kafkaBootstrap())
                    .hasMessageContaining("mesh dev --stop");
        }
    }

    @Test
    void aTakenPortIsNamedWithTheOptionThatMovesIt(@TempDir Path otherHome) {
        DevSettings settings = settings(home);
        try (DevMesh running = DevMesh.start(settings, line -> { })) {
            DevSettings clash = new DevSettings(otherHome, settings.kafkaPort(), FreePorts.pick(),
                    FreePorts.pick(), "meshwork", "meshwork-secret", "meshwork-lake", FreePorts.pick(), null, GATEWAY, ARCHIVER, PROCESSORS,
                    FreePorts.pick(), null);

            assertThatThrownBy(() -> DevMesh.start(clash, line -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + clash.kafkaPort() + " for Kafka is in use")
                    .hasMessageContaining("--kafka-port");
        }
        assertThat(otherHome.resolve("dev.properties")).doesNotExist();
    }

    static DevSettings settings(Path home) {
        return new DevSettings(home, FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), "meshwork",
                "meshwork-secret", "meshwork-lake", FreePorts.pick(), null, GATEWAY, ARCHIVER, PROCESSORS, FreePorts.pick(), null);
    }

    /** The ACLs the running mesh gives a principal, as {@code GET /v1/kafka/acls} says them. */
    private static Set<String> appliedAcls(String gateway, String principal, String admin) throws Exception {
        HttpResponse<String> applied = get(gateway + "/v1/kafka/acls?principal=" + principal, admin);
        assertThat(applied.statusCode()).isEqualTo(200);
        Set<String> rules = new TreeSet<>();
        MeshJson.mapper().readTree(applied.body()).forEach(r -> rules.add(String.join(" ",
                r.path("resourceType").asText(), r.path("name").asText(), r.path("patternType").asText(),
                r.path("operation").asText())));
        return rules;
    }

    /** The ACLs of each rendered KafkaUser, in the words of {@code GET /v1/kafka/acls}. */
    private static Map<String, Set<String>> renderedAcls(String manifests) throws IOException {
        Map<String, Set<String>> users = new TreeMap<>();
        try (var documents = new YAMLMapper().readerFor(JsonNode.class).readValues(manifests)) {
            while (documents.hasNext()) {
                JsonNode object = (JsonNode) documents.next();
                if (object == null || !"KafkaUser".equals(object.path("kind").asText())) {
                    continue;
                }
                Set<String> rules = new TreeSet<>();
                for (JsonNode acl : object.at("/spec/authorization/acls")) {
                    JsonNode resource = acl.path("resource");
                    String type = resource.path("type").asText().equals("transactionalId") ? "transactional-id"
                            : resource.path("type").asText();
                    String name = type.equals("cluster") ? "kafka-cluster" : resource.path("name").asText();
                    String pattern = resource.path("patternType").asText().equals("prefix") ? "prefixed" : "literal";
                    acl.path("operations").forEach(op -> rules.add(String.join(" ", type, name, pattern,
                            op.asText().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT))));
                }
                users.put(object.at("/metadata/name").asText(), rules);
            }
        }
        return users;
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static S3Client s3(DevState state) {
        return new S3Endpoint(URI.create(state.s3Endpoint()), state.s3Region(), state.s3AccessKey(),
                state.s3SecretKey()).newClient();
    }

    /** What {@code mesh kafka-config --format java} prints for a role of the dev mesh in {@link #home}. */
    private Map<String, Object> kafkaConfig(String... role) throws IOException {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("kafka-config", "--format", "java", "--data-dir", home.toString()));
        args.addAll(List.of(role));
        assertThat(Mesh.commandLine().setOut(new PrintWriter(out, true)).execute(args.toArray(String[]::new))).isZero();
        Properties props = new Properties();
        props.load(new StringReader(out.toString()));
        Map<String, Object> config = new HashMap<>();
        props.forEach((key, value) -> config.put(key.toString(), value));
        return config;
    }

    /**
     * Runs kcat with the librdkafka settings {@code mesh kafka-config} prints for a role, and returns
     * what it wrote. kcat is the one {@code tools/build-kcat} builds: Debian bookworm's own links a
     * librdkafka too old to authenticate to Kafka 4 with SCRAM.
     */
    private String kcat(String roleOption, String roleValue, String... args) throws Exception {
        StringWriter settings = new StringWriter();
        assertThat(Mesh.commandLine().setOut(new PrintWriter(settings, true)).execute("kafka-config", "--data-dir",
                home.toString(), roleOption, roleValue)).isZero();
        Path file = home.resolve(roleValue + ".conf");
        Files.writeString(file, settings.toString());
        List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-F", file.toString()));
        command.addAll(List.of(args));
        Process kcat = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(kcat.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kcat.exitValue()).as(output).isZero();
        return output;
    }

    private static void produce(Map<String, Object> client, String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.putAll(client);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every record of a topic up to its end now. */
    private static List<ConsumerRecord<String, String>> readAll(Map<String, Object> client, String topic) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            ReadToEnd.read(consumer, consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList(), received::add);
        }
        return received;
    }

    private static List<ConsumerRecord<String, String>> consume(Map<String, Object> client, String topic, int expected) {
        Properties props = new Properties();
        props.putAll(client);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }
}
