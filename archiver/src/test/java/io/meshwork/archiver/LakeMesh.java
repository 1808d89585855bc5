package io.meshwork.archiver;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.TokenSigner;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.core.serde.MeshAvroSerializer;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeS3;
import io.meshwork.lake.parquet.ParquetFiles;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.contracts.ContractYaml;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.meshwork.testkit.kafka.TestKafka;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What archiver tests run against: the JVM's shared broker and S3, a bucket of their own, and the
 * packaged gateway as a process (catalog and registry) with the test domain {@code shop} applied.
 */
public final class LakeMesh implements AutoCloseable {

    public static final String PII_MASTER_KEY = "test-master-key";
    static final String CUSTOMER_EMAIL_PREFIX = "shopper-";

    private final Path work;
    private final ServiceProcess gateway;
    private final TokenSigner signer;
    private final String bucket;
    private final S3Client s3;
    private LakeCatalog lake;

    private LakeMesh(Path work, ServiceProcess gateway, TokenSigner signer, String bucket) {
        this.work = work;
        this.gateway = gateway;
        this.signer = signer;
        this.bucket = bucket;
        this.s3 = s3Endpoint().newClient();
    }

    public static LakeMesh start() {
        Path work = Folders.temporary("archiver-test-");
        TokenSigner signer = new TokenSigner(KeyFiles.loadOrCreate(work.resolve("keys")).getPrivate());
        ServiceProcess gateway = ServiceProcess.start("gateway", Path.of(System.getProperty("mesh.gateway.app")),
                FreePorts.pick(), "384m", gatewayConfig(work.resolve("keys").resolve(KeyFiles.PUBLIC)),
                work.resolve("gateway.log"), Duration.ofSeconds(90));
        String bucket = "lake-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = s3Endpoint().newClient()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        LakeMesh mesh = new LakeMesh(work, gateway, signer, bucket);
        mesh.apply("shop", "basket-checked-out", 3, TestSchemas.BASKET_V1);
        return mesh;
    }

    static TestKafka kafka() {
        return TestInfrastructure.shared().kafka();
    }

    private static Map<String, String> gatewayConfig(Path publicKey) {
        Map<String, String> config = new HashMap<>(kafka().gatewayConfig());
        config.put("mp.jwt.verify.publickey.location", publicKey.toUri().toString());
        return config;
    }

    static S3Endpoint s3Endpoint() {
        return TestInfrastructure.shared().s3();
    }

    /** The archiver's configuration for this mesh. */
    public Map<String, String> archiverConfig() {
        S3Endpoint s3 = s3Endpoint();
        Map<String, String> config = new HashMap<>();
        config.putAll(kafka().serviceConfig(MeshPrincipals.ARCHIVER));
        config.put("mesh.s3.endpoint", s3.endpoint().toString());
        config.put("mesh.s3.region", s3.region());
        config.put("mesh.s3.access-key", s3.accessKey());
        config.put("mesh.s3.secret-key", s3.secretKey());
        config.put("mesh.s3.bucket", bucket);
        config.put("mesh.lake.catalog.uri", catalogUri());
        config.put("mesh.archiver.gateway-url", gateway.url().toString());
        config.put("mesh.archiver.token", signer.sign(MeshPrincipals.ARCHIVER, List.of("consumer"), Optional.empty(),
                Duration.ofHours(2)));
        config.put("mesh.archiver.pii-master-key", PII_MASTER_KEY);
        config.put("mesh.archiver.topic-discovery", "1s");
        config.put("mesh.archiver.group-id", MeshPrincipals.ARCHIVER + "-" + bucket);
        config.put("mesh.archiver.work-dir", work.resolve("archiver-work").toString());
        return config;
    }

    public String bucket() {
        return bucket;
    }

    private String catalogUri() {
        return "jdbc:sqlite:" + work.resolve("lake-catalog.db");
    }

    /** The lake's catalog, as the archiver has it. */
    public synchronized LakeCatalog lake() {
        if (lake == null) {
            S3Endpoint endpoint = s3Endpoint();
            lake = LakeCatalog.open(Map.of("uri", catalogUri()), new LakeS3(bucket, Optional.of(endpoint.endpoint()),
                    endpoint.region(), true, Optional.of(endpoint.accessKey()), Optional.of(endpoint.secretKey())));
        }
        return lake;
    }

    /** The topic's table; fails when the archiver has not made it yet. */
    public Table table(String topic) {
        return lake().table(topic).orElseThrow(() -> new AssertionError("no table of " + topic + " yet"));
    }

    public URI gatewayUrl() {
        return gateway.url();
    }

    /** Applies a contract of {@code domain} for {@code <domain>.<event>.v1} with one PII field, {@code customerEmail}. */
    public void apply(String domain, String event, int partitions, String avsc) {
        apply(domain, event, partitions, avsc, List.of("customerEmail"));
    }

    /** Applies a contract of {@code domain} for {@code <domain>.<event>.v1} whose given fields are classified PII. */
    public void apply(String domain, String event, int partitions, String avsc, List<String> pii) {
        Path folder = work.resolve("contracts-" + UUID.randomUUID()).resolve(domain);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("domain.yaml"), "domain: " + domain + "\nteam: " + domain + "-team\n"
                    + "tokenSubjects:\n  - " + domain + "-service\n");
            Files.writeString(folder.resolve(event + ".v1.avsc"), avsc);
            ContractYaml contract = ContractYaml.of(domain, event).version("1." + Math.abs((avsc + pii).hashCode() % 1000)
                    + ".0").description("A test product of the archiver.").schemaName("BasketCheckedOut").key("basketId")
                    .partitions(partitions).retention("P7D");
            pii.forEach(field -> contract.classify(field, "pii"));
            Files.writeString(folder.resolve(event + ".v1.yaml"), contract.yaml());
            MeshClient.of(gateway.url(), admin()).apply(ContractBundle.read(folder.getParent()).request(), false, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A producer that writes natively, as a domain service does. */
    public KafkaProducer<String, GenericRecord> producer(String domain) {
        Map<String, Object> config = new HashMap<>(kafka().clientConfig(domain + "-service"));
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                SerdeConfig.SCHEMA_REGISTRY_URL, gateway.url() + "/registry",
                SerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                SerdeConfig.BEARER_AUTH_TOKEN, signer.sign(domain + "-service", List.of("producer"), Optional.of(domain),
                        Duration.ofHours(2))));
        MeshAvroSerializer<GenericRecord> values = new MeshAvroSerializer<>();
        values.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /** A record of a topic with its CloudEvents id, at an event time. */
    public static ProducerRecord<String, GenericRecord> event(String topic, GenericRecord value, Instant time) {
        ProducerRecord<String, GenericRecord> record = new ProducerRecord<>(topic, null, time.toEpochMilli(),
                value.get("basketId").toString(), value);
        CloudEventHeaders.add(record.headers(), UUID.randomUUID().toString(), topic.substring(0, topic.indexOf('.')),
                topic, time);
        return record;
    }

    public static GenericRecord basket(Schema schema, int n) {
        GenericRecord basket = new GenericData.Record(schema);
        basket.put("basketId", "b-" + n);
        basket.put("customerEmail", CUSTOMER_EMAIL_PREFIX + n + "@example.com");
        basket.put("total", 10.0 + n);
        return basket;
    }

    /** A dead letter as the gateway writes it, for a rejected event of {@code topic}. */
    public void deadLetter(String domain, String topic, String json) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka().clientConfig(MeshPrincipals.GATEWAY),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> letter = new ProducerRecord<>("_mesh.dlq." + domain, null,
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            letter.headers().add(CloudEventHeaders.header("mesh_topic", topic))
                    .add(CloudEventHeaders.header("mesh_reason", "rule"))
                    .add(CloudEventHeaders.header("mesh_rule", "positive-total"))
                    .add(CloudEventHeaders.header(CloudEventHeaders.ID, "dead-1"));
            producer.send(letter);
        }
    }

    /** The data files of a topic's table in its current snapshot; none before the table exists. */
    public List<String> keys(String topic) {
        Optional<Table> table = lake().table(topic);
        if (table.isEmpty() || table.get().currentSnapshot() == null) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.get().newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file().location()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Every row of a topic's table as its files hold it (the current snapshot), with the file it is in. */
    public List<Map.Entry<String, GenericRecord>> rows(String topic) {
        List<Map.Entry<String, GenericRecord>> rows = new ArrayList<>();
        for (String location : keys(topic)) {
            Path local = work.resolve("download-" + UUID.randomUUID() + ".parquet");
            try (InputStream in = table(topic).io().newInputFile(location).newStream()) {
                Files.copy(in, local);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ParquetFiles.readAll(local).forEach(row -> rows.add(Map.entry(location, row)));
            bytes(local);
        }
        return rows;
    }

    /** Every row of a topic's table read through Iceberg's own reader, as Spark or Trino would read it. */
    public List<Record> icebergRows(String topic, Expression filter) {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(table(topic)).where(filter).build()) {
            read.forEach(rows::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Whether an object is in the bucket. */
    public boolean exists(String key) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
    }

    /** Copies an object of the bucket. */
    public void copy(String from, String to) {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    }

    /** Writes an object of the bucket. */
    public void put(String key, String text) {
        s3.putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(text));
    }

    /** Every byte of every object of the bucket, as text, to look for what must not be there. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(object -> all.append(new String(
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray(),
                java.nio.charset.StandardCharsets.ISO_8859_1)));
        return all.toString();
    }

    private static void bytes(Path local) {
        try {
            Files.deleteIfExists(local);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String admin() {
        return signer.sign("archiver-test-admin", List.of("admin"), Optional.empty(), Duration.ofMinutes(10));
    }

    @Override
    public void close() {
        if (lake != null) {
            lake.close();
        }
        s3.close();
        gateway.stop();
        Folders.delete(work);
    }
}
