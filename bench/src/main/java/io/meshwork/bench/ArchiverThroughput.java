package io.meshwork.bench;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.core.serde.MeshAvroSerializer;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.lake.iceberg.Compaction;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeS3;
import io.meshwork.lake.parquet.ParquetFiles;
import io.meshwork.testkit.contracts.ContractYaml;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.meshwork.testkit.s3.EmbeddedS3;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.parquet.hadoop.ParquetWriter;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The archiver's throughput (records/s from Kafka into an Iceberg table on S3, exactly once) beside
 * the raw Parquet writer writing and uploading the same records in the same run, then the freshness
 * of the lake (age of the newest archived event) while events flow at a fixed rate, then the time
 * of a count over the table (plan, fetch, DuckDB) before and after compacting its small files.
 *
 * <p>{@code bench/run-main ArchiverThroughput [records] [events/s] [seconds]}, default 200000 1000 30; 0 seconds
 * leaves the freshness out.
 */
public final class ArchiverThroughput {

    private static final String TOPIC = "bench.basket-checked-out.v1";
    private static final int PARTITIONS = 3;
    private static final int FILE_ROWS = 100_000;
    private static final Pattern FRESHNESS = Pattern.compile(
            "mesh_archiver_freshness_seconds\\{[^}]*topic=\"" + Pattern.quote(TOPIC) + "\"[^}]*} ([0-9.Ee+-]+)");
    private static final String SCHEMA = """
            {"type": "record", "name": "BasketCheckedOut", "namespace": "io.meshwork.bench", "fields": [
              {"name": "basketId", "type": "string"},
              {"name": "customerEmail", "type": "string"},
              {"name": "items", "type": "int"},
              {"name": "total", "type": "double"},
              {"name": "currency", "type": "string"},
              {"name": "checkedOutAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}
            """;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Schema schema = new Schema.Parser().parse(SCHEMA);
        List<GenericRecord> baskets = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            baskets.add(basket(schema, i));
        }
        try (BenchMesh mesh = BenchMesh.start()) {
            Path work = Folders.temporary("archiver-bench-");
            EmbeddedS3 s3 = EmbeddedS3.start(new EmbeddedS3.Config(FreePorts.pick(), work.resolve("s3"),
                    work.resolve("s3.log"), "bench", "bench-secret", Path.of(System.getProperty("mesh.s3proxy.jar"))));
            try {
                s3.createBucket("raw");
                s3.createBucket("lake");
                apply(mesh, work);
                produce(mesh, baskets);

                // Both sides timed warm: the raw writer's second run, the archiver's after its first quarter.
                rawParquet(baskets, schema, s3.endpoint(), work);
                double raw = rawParquet(baskets, schema, s3.endpoint(), work);
                System.out.printf("raw Parquet writer + upload: %,d records in %.1f s = %,.0f records/s%n", records,
                        records / raw, raw);
                plainConsumer(mesh, records);
                double consumed = plainConsumer(mesh, records);
                System.out.printf("plain consumer (bytes, no decoding): %,d records in %.1f s = %,.0f records/s%n", records,
                        records / consumed, consumed);

                ServiceProcess archiver = startArchiver(mesh, s3.endpoint(), work, "60s", "1s");
                // Timed once it has archived a quarter (joining the group and JIT compilation are no part of
                // archiving), until every offset is committed.
                long[] begin = awaitRecords(archiver, records / 4);
                awaitCommitted(mesh, records);
                double elapsed = (System.nanoTime() - begin[0]) / 1e9;
                long timed = records - begin[1];
                System.out.printf("archiver (Kafka -> Iceberg table on S3, exactly once): %,d records in %.1f s = %,.0f"
                        + " records/s (%.2fx the raw writer)%n", timed, elapsed, timed / elapsed, timed / elapsed / raw);
                archiver.stop();

                if (seconds > 0) {
                    ServiceProcess fresh = startArchiver(mesh, s3.endpoint(), work, "10s", "5s");
                    List<Double> freshness = freshnessAtRate(mesh, fresh, schema, rate, seconds);
                    fresh.stop();
                    double[] sorted = freshness.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    System.out.printf("freshness at %d events/s for %d s (roll-interval 10s, idle-flush 5s): p50 %.1f s,"
                            + " p99 %.1f s, max %.1f s over %d samples%n", rate, seconds, percentile(sorted, 0.50),
                            percentile(sorted, 0.99), sorted[sorted.length - 1], sorted.length);
                }

                try (LakeCatalog lake = LakeCatalog.open(Map.of("uri", catalogUri(work)), new LakeS3("lake",
                        Optional.of(s3.endpoint().endpoint()), s3.endpoint().region(), true,
                        Optional.of(s3.endpoint().accessKey()), Optional.of(s3.endpoint().secretKey())))) {
                    Table table = lake.table(TOPIC).orElseThrow();
                    Count before = count(table, work.resolve("query-before"));
                    long compactBegin = System.nanoTime();
                    Compaction.Result compacted = Compaction.compact(table, new Compaction.Settings(128L << 20,
                            Duration.ofHours(-1)), work.resolve("compaction"), Instant.now());
                    double compaction = (System.nanoTime() - compactBegin) / 1e9;
                    Count after = count(table, work.resolve("query-after"));
                    System.out.printf("count(*) of the table before compaction: %,d rows in %d files, %.2f s;"
                            + " compaction of %d files into %d: %.1f s; after: %,d rows in %d files, %.2f s%n",
                            before.rows, before.files, before.seconds, compacted.filesRemoved(), compacted.filesAdded(),
                            compaction, after.rows, after.files, after.seconds);
                }
            } finally {
                s3.stop();
                Folders.delete(work);
            }
        }
    }

    private record Count(long rows, int files, double seconds) {
    }

    /**
     * A count of the table's rows as {@code mesh lake query} makes it, timed from a cold cache: plan
     * the current snapshot's files, download them, count with DuckDB.
     */
    private static Count count(Table table, Path cache) throws Exception {
        long begin = System.nanoTime();
        table.refresh();
        List<Path> files = new ArrayList<>();
        Files.createDirectories(cache);
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                Path local = cache.resolve(files.size() + ".parquet");
                try (InputStream in = table.io().newInputFile(task.file().location()).newStream()) {
                    Files.copy(in, local);
                }
                files.add(local);
            }
        }
        long rows;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM read_parquet(["
                     + files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")) + "], union_by_name = true)")) {
            result.next();
            rows = result.getLong(1);
        }
        return new Count(rows, files.size(), (System.nanoTime() - begin) / 1e9);
    }

    private static String catalogUri(Path work) {
        return "jdbc:sqlite:" + work.resolve("lake-catalog.db");
    }

    private static GenericRecord basket(Schema schema, int i) {
        GenericRecord basket = new GenericData.Record(schema);
        basket.put("basketId", "b-" + i);
        basket.put("customerEmail", "shopper-" + (i % 5000) + "@example.com");
        basket.put("items", 1 + i % 5);
        basket.put("total", 5 + (i % 9000) / 100.0);
        basket.put("currency", i % 3 == 0 ? "EUR" : i % 3 == 1 ? "GBP" : "SEK");
        basket.put("checkedOutAt", System.currentTimeMillis());
        return basket;
    }

    /** The other baseline: how fast the broker hands the topic to one consumer that only counts, from its start. */
    private static double plainConsumer(BenchMesh mesh, long records) {
        Map<String, Object> config = new HashMap<>(mesh.kafka().superuserConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long begin = System.nanoTime();
            long seen = 0;
            while (seen < records) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
            }
            return seen / ((System.nanoTime() - begin) / 1e9);
        }
    }

    /** The baseline: the same records written with the same writer settings and uploaded, without Kafka. */
    private static double rawParquet(List<GenericRecord> baskets, Schema schema, S3Endpoint endpoint, Path work)
            throws IOException {
        long begin = System.nanoTime();
        try (S3Client s3 = endpoint.newClient()) {
            for (int from = 0; from < baskets.size(); from += FILE_ROWS) {
                Path file = work.resolve("raw-" + from + ".parquet");
                try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(file, schema)) {
                    for (GenericRecord basket : baskets.subList(from, Math.min(baskets.size(), from + FILE_ROWS))) {
                        writer.write(basket);
                    }
                }
                s3.putObject(b -> b.bucket("raw").key(file.getFileName().toString()), RequestBody.fromFile(file));
                Files.delete(file);
            }
        }
        return baskets.size() / ((System.nanoTime() - begin) / 1e9);
    }

    private static void apply(BenchMesh mesh, Path work) throws Exception {
        Path folder = work.resolve("contracts").resolve("bench");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("domain.yaml"), "domain: bench\nteam: bench\ntokenSubjects:\n  - bench-service\n");
        Files.writeString(folder.resolve("basket-checked-out.v1.avsc"), SCHEMA);
        Files.writeString(folder.resolve("basket-checked-out.v1.yaml"), ContractYaml.of("bench", "basket-checked-out")
                .description("Baskets for the archiver benchmark.").schemaName("BasketCheckedOut").key("basketId")
                .classify("customerEmail", "pii").partitions(PARTITIONS).retention("P1D").yaml());
        MeshClient.of(URI.create(mesh.gatewayUrl()), mesh.adminToken()).withTimeout(Duration.ofMinutes(2))
                .apply(ContractBundle.read(folder.getParent()).request(), false, null);
    }

    private static KafkaProducer<String, GenericRecord> producer(BenchMesh mesh) {
        Map<String, Object> config = new HashMap<>(mesh.kafka().clientConfig("bench-service"));
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                SerdeConfig.SCHEMA_REGISTRY_URL, mesh.registryUrl(), SerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                SerdeConfig.BEARER_AUTH_TOKEN, mesh.producerToken("bench")));
        MeshAvroSerializer<GenericRecord> values = new MeshAvroSerializer<>();
        values.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    private static ProducerRecord<String, GenericRecord> record(GenericRecord basket) {
        Instant now = Instant.now();
        ProducerRecord<String, GenericRecord> record = new ProducerRecord<>(TOPIC, null, now.toEpochMilli(),
                basket.get("basketId").toString(), basket);
        CloudEventHeaders.add(record.headers(), UUID.randomUUID().toString(), "bench", TOPIC, now);
        return record;
    }

    private static void produce(BenchMesh mesh, List<GenericRecord> baskets) {
        try (KafkaProducer<String, GenericRecord> producer = producer(mesh)) {
            baskets.forEach(basket -> producer.send(record(basket)));
        }
    }

    private static ServiceProcess startArchiver(BenchMesh mesh, S3Endpoint s3, Path work, String rollInterval,
                                                String idleFlush) {
        Map<String, String> config = new HashMap<>(mesh.kafka().serviceConfig(MeshPrincipals.ARCHIVER));
        config.put("mesh.s3.endpoint", s3.endpoint().toString());
        config.put("mesh.s3.access-key", s3.accessKey());
        config.put("mesh.s3.secret-key", s3.secretKey());
        config.put("mesh.s3.bucket", "lake");
        config.put("mesh.lake.catalog.uri", catalogUri(work));
        // Timed without compaction running beside it; the benchmark compacts once at its end.
        config.put("mesh.archiver.upkeep.enabled", "false");
        config.put("mesh.archiver.gateway-url", mesh.gatewayUrl());
        config.put("mesh.archiver.token", mesh.adminToken());
        config.put("mesh.archiver.pii-master-key", "bench-key");
        config.put("mesh.archiver.topics", Pattern.quote(TOPIC));
        config.put("mesh.archiver.roll-records", String.valueOf(FILE_ROWS));
        config.put("mesh.archiver.roll-interval", rollInterval);
        config.put("mesh.archiver.idle-flush", idleFlush);
        config.put("mesh.archiver.work-dir", work.resolve("archiver").toString());
        config.put("mesh.archiver.group-id", MeshPrincipals.ARCHIVER + "-bench-" + UUID.randomUUID());
        return ServiceProcess.start("archiver", Path.of(System.getProperty("mesh.archiver.app")), FreePorts.pick(), "512m",
                config, work.resolve("archiver.log"), Duration.ofSeconds(60));
    }

    /** Waits until the archiver has archived at least {@code atLeast} records; returns when ({@link System#nanoTime()}) and how many. */
    private static long[] awaitRecords(ServiceProcess archiver, long atLeast) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern records = Pattern.compile("mesh_archiver_records_total\\{[^}]*topic=\"" + Pattern.quote(TOPIC)
                + "\"[^}]*} ([0-9.Ee+-]+)");
        while (true) {
            long now = System.nanoTime();
            Matcher matcher = records.matcher(http.send(HttpRequest.newBuilder(archiver.url().resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (matcher.find() && Double.parseDouble(matcher.group(1)) >= atLeast) {
                return new long[] {now, (long) Double.parseDouble(matcher.group(1))};
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Waits until the archivers' group has committed every offset of the topic. */
    private static void awaitCommitted(BenchMesh mesh, long records) throws Exception {
        try (Admin admin = Admin.create(mesh.kafka().superuserConfig())) {
            String group = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId())
                    .filter(g -> g.startsWith(MeshPrincipals.ARCHIVER + "-bench-")).findFirst().orElse(null);
            while (true) {
                if (group == null) {
                    group = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId())
                            .filter(g -> g.startsWith(MeshPrincipals.ARCHIVER + "-bench-")).findFirst().orElse(null);
                } else {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC))
                            .mapToLong(e -> e.getValue().offset()).sum();
                    if (done >= records) {
                        return;
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    /** Produces at a fixed rate and samples the archiver's freshness gauge once a second. */
    private static List<Double> freshnessAtRate(BenchMesh mesh, ServiceProcess archiver, Schema schema, int rate,
                                                int seconds) throws Exception {
        List<Double> samples = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaProducer<String, GenericRecord> producer = producer(mesh)) {
            long begin = System.nanoTime();
            long sent = 0;
            long nextSample = begin + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() - begin < Duration.ofSeconds(seconds).toNanos()) {
                long due = (long) (rate * (System.nanoTime() - begin) / 1e9);
                for (; sent < due; sent++) {
                    producer.send(record(basket(schema, (int) sent)));
                }
                if (System.nanoTime() >= nextSample) {
                    String metrics = http.send(HttpRequest.newBuilder(archiver.url().resolve("/q/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher matcher = FRESHNESS.matcher(metrics);
                    if (matcher.find() && !matcher.group(1).equals("NaN")) {
                        samples.add(Double.parseDouble(matcher.group(1)));
                    }
                    nextSample += Duration.ofSeconds(1).toNanos();
                }
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalStateException("no freshness samples; see the archiver's log");
        }
        return samples;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private ArchiverThroughput() {
    }
}
