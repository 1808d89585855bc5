package io.meshwork.lake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshwork.core.lake.LakePaths;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction, snapshot expiry and orphan removal on a table in real S3, with a reader running throughout. */
class CompactionTest {

    private static final Schema V1 = row(false);
    private static final Schema V2 = row(true);
    private static S3Endpoint s3;
    private static LakeCatalog lake;
    private static String bucket;

    @TempDir
    static Path work;

    @BeforeAll
    static void catalog() {
        s3 = TestInfrastructure.shared().s3();
        bucket = "compaction-" + UUID.randomUUID().toString().substring(0, 8);
        try (var client = s3.newClient()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        lake = LakeCatalog.open(Map.of("uri", "jdbc:sqlite:" + work.resolve("catalog.db")), new LakeS3(bucket,
                Optional.of(s3.endpoint()), s3.region(), true, Optional.of(s3.accessKey()), Optional.of(s3.secretKey())));
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void closedHoursBecomeOneFilePerSchemaWhileReadersSeeEveryRowOnceAndOldFilesGoWithTheirSnapshots() throws Exception {
        String topic = "shop.compacted-basket.v1";
        Instant closed = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        Instant open = Instant.now();
        Map<Integer, Long> offsets = new HashMap<>();
        long offset = 0;
        for (int file = 0; file < 8; file++) {
            Schema schema = file < 5 ? V1 : V2;
            offset = append(topic, schema, file % 2, closed.plusSeconds(60L * file), offset, 10, offsets);
        }
        offset = append(topic, V1, 0, open, offset, 10, offsets);
        append(topic, V1, 1, open, offset, 10, offsets);
        Table table = lake.table(topic).orElseThrow();
        long rows = 100;
        List<String> before = files(table);
        assertThat(distinctPositions(table)).as("before compaction").isEqualTo((int) rows);
        long snapshotBefore = table.currentSnapshot().snapshotId();

        AtomicBoolean reading = new AtomicBoolean(true);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Integer>> reader = CompletableFuture.supplyAsync(() -> {
            Table mine = lake.table(topic).orElseThrow();
            while (reading.get()) {
                mine.refresh();
                seen.add(distinctPositions(mine));
            }
            return seen;
        });
        Compaction.Result result = Compaction.compact(table, new Compaction.Settings(128L << 20, Duration.ofMinutes(5)),
                work.resolve("compaction"), Instant.now());
        // The reader goes on until it has read the table through at least once after the compaction's commit.
        int readsBeforeCommit = seen.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() > readsBeforeCommit + 1);
        reading.set(false);

        assertThat(result.hours()).isEqualTo(1);
        assertThat(result.filesRemoved()).isEqualTo(8);
        assertThat(result.filesAdded()).isEqualTo(2);
        assertThat(result.rows()).isEqualTo(80);
        table.refresh();
        assertThat(files(table)).hasSize(4).containsAll(before.stream().filter(f -> f.contains(hour(open))).toList());
        assertThat(distinctPositions(table)).isEqualTo((int) rows);
        assertThat(reader.get()).isNotEmpty().allSatisfy(count -> assertThat(count).isEqualTo((int) rows));
        assertThat(TableOffsets.current(table)).isEqualTo(offsets);
        assertThat(IcebergGenerics.read(table).build()).filteredOn(r -> r.getField("coupon") != null).hasSize(30);

        String orphan = table.location() + "/data/orphan-" + UUID.randomUUID() + ".parquet";
        try (var out = table.io().newOutputFile(orphan).create()) {
            out.write(new byte[] {1, 2, 3});
        }
        SnapshotExpiry.Result expired = SnapshotExpiry.expire(table, Duration.ZERO, Duration.ZERO, Instant.now().plusSeconds(1));

        assertThat(expired.snapshots()).isEqualTo(10);
        assertThat(before.stream().filter(f -> f.contains(hour(closed)))).allSatisfy(f -> assertThat(exists(table, f)).isFalse());
        assertThat(exists(table, orphan)).isFalse();
        assertThat(files(table)).allSatisfy(f -> assertThat(exists(table, f)).isTrue());
        assertThat(distinctPositions(table)).isEqualTo((int) rows);
        assertThatThrownBy(() -> table.newScan().useSnapshot(snapshotBefore)).hasMessageContaining("Cannot find snapshot");

        Compaction.Result openHour = Compaction.compact(table, new Compaction.Settings(128L << 20, Duration.ofMinutes(5), 2),
                work.resolve("compaction"), Instant.now());
        assertThat(openHour.filesRemoved()).as("an open hour with enough small files").isEqualTo(2);
        table.refresh();
        assertThat(files(table)).hasSize(3);
        assertThat(distinctPositions(table)).isEqualTo((int) rows);
    }

    /** Appends a file of {@code count} rows of one Kafka partition as the archiver does; returns the next offset. */
    private static long append(String topic, Schema schema, int partition, Instant time, long first, int count,
                               Map<Integer, Long> offsets) throws IOException {
        Table table = LakeTables.ensure(lake, new LakeTables.About(topic, "shop", "shop-team", "Baskets", Map.of()),
                List.of(schema));
        Path local = work.resolve(UUID.randomUUID() + ".parquet");
        ParquetWriter<GenericRecord> writer = LakeTables.writer(table, local, schema);
        for (long o = first; o < first + count; o++) {
            GenericRecord row = new GenericData.Record(schema);
            row.put("basketId", "b-" + o);
            if (schema.getField("coupon") != null) {
                row.put("coupon", "SPRING");
            }
            row.put(LakePaths.PARTITION_COLUMN, partition);
            row.put(LakePaths.OFFSET_COLUMN, o);
            row.put(LakePaths.TIMESTAMP_COLUMN, time.toEpochMilli() * 1000);
            writer.write(row);
        }
        writer.close();
        String location = LakeTables.location(table, time, partition + "-" + first + "-" + UUID.randomUUID() + ".parquet");
        try (var out = table.io().newOutputFile(location).create()) {
            Files.copy(local, out);
        }
        offsets.put(partition, first + count);
        DataFile file = LakeTables.dataFile(table, location, Files.size(local), writer.getFooter(), time);
        table.newAppend().appendFile(file).set(TableOffsets.SUMMARY_KEY, TableOffsets.summary(offsets)).commit();
        return first + count;
    }

    private static int distinctPositions(Table table) {
        Set<String> positions = new HashSet<>();
        int rows = 0;
        try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
            for (Record row : read) {
                positions.add(row.getField(LakePaths.PARTITION_COLUMN) + "@" + row.getField(LakePaths.OFFSET_COLUMN));
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows == positions.size() ? rows : -rows;
    }

    private static List<String> files(Table table) {
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file().location()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean exists(Table table, String location) {
        return table.io().newInputFile(location).exists();
    }

    private static String hour(Instant time) {
        return "_kafka_timestamp_hour=" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH")
                .withZone(java.time.ZoneOffset.UTC).format(time);
    }

    private static Schema row(boolean withCoupon) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Basket").fields().requiredString("basketId");
        if (withCoupon) {
            fields = fields.optionalString("coupon");
        }
        return fields.requiredInt(LakePaths.PARTITION_COLUMN).requiredLong(LakePaths.OFFSET_COLUMN)
                .name(LakePaths.TIMESTAMP_COLUMN).type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault().optionalString(LakePaths.EVENT_ID_COLUMN).endRecord();
    }
}
