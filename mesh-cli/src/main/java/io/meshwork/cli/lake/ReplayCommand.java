package io.meshwork.cli.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.cli.MeshVersion;
import io.meshwork.core.access.KafkaClientCredentials;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.ProductDetail;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ReadToEnd;
import io.meshwork.core.kafka.TopicSpec;
import io.meshwork.core.kafka.Topics;
import io.meshwork.core.lake.LakePaths;
import io.meshwork.core.serde.AvroEncoder;
import io.meshwork.core.serde.RegistryClient;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.lake.iceberg.LakeCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesh lake replay}: archived events back into Kafka, e.g. to backfill beyond a topic's
 * retention. Each batch of events and the count of events replayed so far are written in one Kafka
 * transaction (the count to {@code _mesh.replay}), so a replay stopped at any point and started
 * again with the same arguments goes on where it stopped and sends each event once.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Publishes the archived events of a topic whose event time is in [--from, --to) to Kafka again, in"
                + " event-time order, with their event time as the record timestamp and their CloudEvents id."
                + " Personal data stays pseudonymized. Run it again with the same arguments to resume.",
            "Example: MESH_TOKEN=$(./mesh token --admin) ./mesh lake replay --topic orders.order-status-changed.v1"
                + " --from 2026-11-22T00:00:00Z --to 2026-11-23T00:00:00Z",
            "Exit status: 0 when everything was replayed, 1 on an error."
        })
public final class ReplayCommand implements Callable<Integer> {

    static final String CHECKPOINTS = "_mesh.replay";
    private static final ObjectMapper JSON = MeshJson.mapper();
    private static final int BATCH = 500;
    /** The most archived rows a replay holds in memory while it orders them; the rest wait in sorted runs on disk. */
    private static final int RUN_SIZE = 50_000;

    @Spec
    CommandSpec spec;

    @Mixin
    LakeConnection lake;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The archived topic.")
    String topic;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "The first event time, e.g. 2026-11-22T00:00:00Z.")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "The end of the range (exclusive).")
    Instant to;

    @Option(names = "--to-topic", paramLabel = "TOPIC", description = "Where to publish (default: the archived topic).")
    String toTopic;

    /** The gateway, for the target's schema and key, and an admin's token, whose Kafka credentials it hands out. */
    @Mixin
    AdminConnection admin;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        if (to.isAfter(Instant.now())) {
            throw new IllegalArgumentException("--to " + to + " is in the future: replay a range the archiver has"
                    + " finished with, so that running it again resumes rather than finds new events");
        }
        MeshClient client = admin.client(lake.home);
        Map<String, Object> kafka = adminKafka(client);
        String target = toTopic == null ? topic : toTopic;
        String bucket = lake.bucket();
        String id = id(bucket, target);

        ensureCheckpoints(kafka);
        Optional<Checkpoint> checkpoint = checkpoint(kafka, id);
        Long snapshot;
        List<Path> files;
        try (LakeCatalog catalog = lake.catalog()) {
            Table table = catalog.table(topic).orElseThrow(() -> new IllegalArgumentException("the lake has no table of "
                    + topic + " (yet): mesh lake tables lists those it has"));
            // A resumed replay reads the snapshot it started with, so that events archived since do not shift its place.
            snapshot = checkpoint.map(Checkpoint::snapshot)
                    .orElseGet(() -> table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId());
            if (snapshot != null && table.snapshot(snapshot) == null) {
                throw new IllegalStateException("snapshot " + snapshot + " of " + table.name() + ", which this replay"
                        + " started with, has expired; replay into another topic, or over another range, to start anew");
            }
            files = snapshot == null ? List.of() : TableFiles.fetch(table, snapshot, Expressions.and(
                    Expressions.greaterThanOrEqual(LakePaths.TIMESTAMP_COLUMN, micros(from)),
                    Expressions.lessThan(LakePaths.TIMESTAMP_COLUMN, micros(to))), lake.cache().resolve(table.name()),
                    line -> { });
        }
        try (EventTimeOrder rows = rows(files)) {
            return replay(out, rows, snapshot, checkpoint, client, kafka, target, id);
        }
    }

    private static long micros(Instant time) {
        return Math.multiplyExact(time.toEpochMilli(), 1000L);
    }

    private int replay(PrintWriter out, EventTimeOrder rows, Long snapshot, Optional<Checkpoint> checkpoint,
                       MeshClient client, Map<String, Object> kafka, String target, String id) throws IOException {
        if (rows.size() == 0) {
            out.println("Nothing archived of " + topic + " with an event time in [" + from + ", " + to + ").");
            return 0;
        }
        ProductDetail product = client.product(target).orElseThrow(() -> new IllegalArgumentException(
                "the catalog has no product " + target + ": replay publishes only into data products"));
        String keyField = product.keyField();
        String domain = product.domain();
        RegistryClient registry = new RegistryClient(SerdeConfig.from(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                client.gateway().resolve("/registry").toString(), SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE,
                "STATIC_TOKEN", SerdeConfig.BEARER_AUTH_TOKEN, admin.token())));
        RegistryClient.Latest schema = registry.latest(target + "-value");
        AvroEncoder encoder = new AvroEncoder();

        long done = checkpoint.map(Checkpoint::done).orElse(0L);
        long total = rows.size();
        if (done >= total) {
            out.println("Already replayed: all " + total + " events of " + topic + " in [" + from + ", " + to
                    + ") are in " + target + ".");
            return 0;
        }
        for (long skipped = 0; skipped < done; skipped++) {
            rows.next();
        }
        try (KafkaProducer<String, byte[]> producer = producer(kafka, id)) {
            producer.initTransactions();
            long resumedAt = done;
            while (rows.hasNext()) {
                producer.beginTransaction();
                for (int inBatch = 0; inBatch < BATCH && rows.hasNext(); inBatch++) {
                    GenericRecord row = rows.next();
                    GenericRecord event = Projection.onto(row, schema.schema());
                    Instant time = Instant.ofEpochMilli(Math.floorDiv((Long) row.get(LakePaths.TIMESTAMP_COLUMN), 1000L));
                    Object eventId = row.get(LakePaths.EVENT_ID_COLUMN);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(target, null, time.toEpochMilli(),
                            keyField == null ? null : String.valueOf(event.get(keyField)),
                            encoder.encode(schema.id(), schema.schema(), event, false));
                    CloudEventHeaders.add(record.headers(), eventId == null ? UUID.randomUUID().toString()
                            : eventId.toString(), domain, target, time);
                    record.headers().add(CloudEventHeaders.header(LakePaths.REPLAYED_FROM_HEADER, topic));
                    producer.send(record);
                    done++;
                }
                producer.send(new ProducerRecord<>(CHECKPOINTS, id, JSON.writeValueAsBytes(new Checkpoint(topic, target,
                        from, to, done, total, snapshot))));
                producer.commitTransaction();
                progress(done, total);
            }
            progress(-1, 0);
            out.println("Replayed " + (done - resumedAt) + " events of " + topic + " in [" + from + ", " + to + ") into "
                    + target + (resumedAt > 0 ? " (resumed after " + resumedAt + ")" : "") + ".");
        } catch (Projection.Mismatch e) {
            throw new IllegalArgumentException("cannot replay " + topic + " into " + target + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /** The rows of these files in the range, in event-time order (then partition and offset, as archived). */
    private EventTimeOrder rows(List<Path> files) throws IOException {
        Files.createDirectories(lake.cache());
        long first = micros(from);
        long end = micros(to);
        return EventTimeOrder.of(files, row -> {
            long time = (Long) row.get(LakePaths.TIMESTAMP_COLUMN);
            return time >= first && time < end;
        }, RUN_SIZE, Files.createTempDirectory(lake.cache(), "replay-"));
    }

    /** The replay's identity: the same arguments resume the same replay. */
    private String id(String bucket, String target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("|", bucket, topic, from.toString(),
                    to.toString(), target).getBytes(StandardCharsets.UTF_8));
            return "replay-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The Kafka settings of the token's principal, which must be an admin's: a replay writes the
     * checkpoints in {@code _mesh.replay} and may write any product.
     */
    private Map<String, Object> adminKafka(MeshClient client) {
        KafkaClientCredentials credentials = client.credentials(Optional.empty());
        if (!"admin".equals(credentials.kind())) {
            throw new IllegalArgumentException("a replay needs an admin's token, since it writes " + CHECKPOINTS
                    + "; the token is of " + credentials.principal() + " (" + credentials.kind() + "), e.g."
                    + " MESH_TOKEN=$(./mesh token --admin)");
        }
        return credentials.javaConfig();
    }

    private static void ensureCheckpoints(Map<String, Object> kafka) {
        try (Admin admin = Admin.create(kafka)) {
            Topics.createOrVerify(admin, TopicSpec.compacted(CHECKPOINTS));
        }
    }

    /**
     * Where a replay stands, as {@code _mesh.replay} keeps it: what it replays, the table snapshot it
     * reads, and how many of its events are published.
     */
    private record Checkpoint(String topic, String toTopic, Instant from, Instant to, long done, long total,
                              Long snapshot) {
    }

    /** The last committed checkpoint of this replay, read from {@code _mesh.replay}. */
    private static Optional<Checkpoint> checkpoint(Map<String, Object> kafka, String id) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Checkpoint> last = new ArrayList<>(1);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            ReadToEnd.read(consumer, List.of(new TopicPartition(CHECKPOINTS, 0)), record -> {
                if (id.equals(record.key()) && record.value() != null) {
                    last.clear();
                    last.add(checkpoint(record.value()));
                }
            });
        }
        return last.stream().findFirst();
    }

    private static Checkpoint checkpoint(byte[] value) {
        try {
            return JSON.readValue(value, Checkpoint.class);
        } catch (IOException e) {
            throw new UncheckedIOException("an unreadable checkpoint in " + CHECKPOINTS, e);
        }
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> kafka, String id) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.putAll(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mesh-" + id, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** A progress bar on a terminal; nothing when the output goes to a file or a pipe. */
    private void progress(long done, long total) {
        if (System.console() == null) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (done < 0) {
            err.print("\r" + " ".repeat(79) + "\r");
        } else {
            int width = 40;
            int filled = (int) (width * done / total);
            err.printf("\r[%s%s] %d/%d events", "#".repeat(filled), " ".repeat(width - filled), done, total);
        }
        err.flush();
    }
}
