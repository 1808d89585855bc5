package io.meshwork.cli.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshwork.cli.Mesh;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeS3;
import io.meshwork.lake.iceberg.LakeTables;
import io.meshwork.lake.iceberg.TableOffsets;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Table;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code mesh lake query} and {@code mesh lake tables} against a bucket and catalog named by options, as for a lake outside the dev mesh. */
class LakeQueryTest {

    private static final String TOPIC = "shop.basket-checked-out.v1";
    private static final String BUCKET = "lake-query-" + UUID.randomUUID().toString().substring(0, 8);
    private static S3Endpoint s3;

    @TempDir
    static Path work;

    private static Instant betweenSnapshots;

    @BeforeAll
    static void lakeWithTwoHours() throws Exception {
        s3 = TestInfrastructure.shared().s3();
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
        try (S3Client client = s3.newClient()) {
            client.createBucket(b -> b.bucket(BUCKET));
        }
        try (LakeCatalog lake = LakeCatalog.open(Map.of("uri", catalogUri()), new LakeS3(BUCKET, Optional.of(s3.endpoint()),
                s3.region(), true, Optional.of(s3.accessKey()), Optional.of(s3.secretKey())))) {
            commit(lake, V1, Instant.parse("2026-11-21T23:10:00Z"), 0, 3);
            betweenSnapshots = Instant.now();
            // The second snapshot's time must be after it, so that --as-of it reads the first only.
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(betweenSnapshots));
            commit(lake, V1_1, Instant.parse("2026-11-22T00:05:00Z"), 3, 5);
        }
    }

    private static final Schema V1 = SchemaBuilder.record("BasketCheckedOut").fields().requiredString("basketId")
            .requiredDouble("total").requiredInt("_kafka_partition").requiredLong("_kafka_offset")
            .name("_kafka_timestamp").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault().optionalString("_ce_id").endRecord();
    private static final Schema V1_1 = SchemaBuilder.record("BasketCheckedOut").fields().requiredString("basketId")
            .requiredDouble("total").optionalString("coupon").requiredInt("_kafka_partition").requiredLong("_kafka_offset")
            .name("_kafka_timestamp").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault().optionalString("_ce_id").endRecord();

    /** Archives baskets [from, to) of one hour as the archiver would: a file of the table and its offsets in one snapshot. */
    private static void commit(LakeCatalog lake, Schema schema, Instant time, int from, int to) throws Exception {
        Table table = LakeTables.ensure(lake, new LakeTables.About(TOPIC, "shop", "shop-team", "Baskets checked out",
                Map.of()), List.of(schema));
        Path local = work.resolve(UUID.randomUUID() + ".parquet");
        ParquetWriter<GenericRecord> writer = LakeTables.writer(table, local, schema);
        for (int i = from; i < to; i++) {
            GenericRecord row = new GenericData.Record(schema);
            row.put("basketId", "b-" + i);
            row.put("total", 10.0 + i);
            if (schema.getField("coupon") != null) {
                row.put("coupon", "SPRING");
            }
            row.put("_kafka_partition", 0);
            row.put("_kafka_offset", (long) i);
            row.put("_kafka_timestamp", time.toEpochMilli() * 1000);
            writer.write(row);
        }
        writer.close();
        String location = LakeTables.location(table, time, "0-" + from + "-" + UUID.randomUUID() + ".parquet");
        try (var out = table.io().newOutputFile(location).create()) {
            Files.copy(local, out);
        }
        table.newAppend().appendFile(LakeTables.dataFile(table, location, Files.size(local), writer.getFooter(), time))
                .set(TableOffsets.SUMMARY_KEY, TableOffsets.summary(Map.of(0, (long) to))).commit();
    }

    private static String catalogUri() {
        return "jdbc:sqlite:" + work.resolve("lake-catalog.db");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void queriesAViewPerProductWithTheHivePartitionsAsColumnsAcrossSchemaChanges() {
        Result result = query("--format", "csv", "SELECT dt, hour, basketId, coupon FROM shop_basket_checked_out_v1"
                + " ORDER BY _kafka_offset");

        assertThat(result.exit).as(result.err).isZero();
        assertThat(result.out.lines()).containsExactly("dt,hour,basketId,coupon", "2026-11-21,23,b-0,", "2026-11-21,23,b-1,",
                "2026-11-21,23,b-2,", "2026-11-22,0,b-3,SPRING", "2026-11-22,0,b-4,SPRING");
    }

    @Test
    void readsOnlyTheFilesOfTheHoursAskedForAndAnswersFromNoneWhenNoneCanMatch() throws Exception {
        Path fresh = Files.createTempDirectory(work, "fresh-");
        Result pruned = query(fresh, "--format", "csv", "SELECT count(*) AS n, min(hour) AS h FROM shop_basket_checked_out_v1"
                + " WHERE dt = DATE '2026-11-22' AND hour = 0");
        assertThat(pruned.exit).as(pruned.err).isZero();
        assertThat(pruned.out.lines()).containsExactly("n,h", "2,0");
        assertThat(cached(fresh)).isEqualTo(1);

        Result none = query("--format", "csv", "SELECT count(*) AS n, max(coupon) AS c FROM shop_basket_checked_out_v1"
                + " WHERE dt = DATE '2000-01-01'");
        assertThat(none.exit).as(none.err).isZero();
        assertThat(none.out.lines()).containsExactly("n,c", "0,");
    }

    @Test
    void fetchesOnlyTheFilesThatTheWhereClauseCanTouch() throws Exception {
        Path fresh = Files.createTempDirectory(work, "fresh-");
        Result hour = query(fresh, "--format", "csv", "SELECT count(*) AS n FROM shop_basket_checked_out_v1"
                + " WHERE dt = DATE '2026-11-22'");
        assertThat(hour.exit).as(hour.err).isZero();
        assertThat(hour.out.lines()).containsExactly("n", "2");
        assertThat(cached(fresh)).isEqualTo(1);

        Path other = Files.createTempDirectory(work, "fresh-");
        Result basket = query(other, "--format", "csv", "SELECT basketId FROM shop_basket_checked_out_v1"
                + " WHERE 'b-1' = basketId AND total > 5");
        assertThat(basket.out.lines()).containsExactly("basketId", "b-1");
        assertThat(cached(other)).as("column bounds rule out the other file").isEqualTo(1);

        Path all = Files.createTempDirectory(work, "fresh-");
        Result either = query(all, "--format", "csv", "SELECT count(*) AS n FROM shop_basket_checked_out_v1"
                + " WHERE basketId = 'b-1' OR basketId = 'b-4'");
        assertThat(either.out.lines()).containsExactly("n", "2");
        assertThat(cached(all)).as("a disjunction is not used to prune").isEqualTo(2);
    }

    private static long cached(Path home) throws Exception {
        try (var files = Files.walk(home)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void queriesATableAsItWasAtAnEarlierTime() {
        Result before = query("--format", "csv", "--as-of", betweenSnapshots.toString(),
                "SELECT count(*) AS n FROM shop_basket_checked_out_v1");
        Result now = query("--format", "csv", "SELECT count(*) AS n FROM shop_basket_checked_out_v1");

        assertThat(before.exit).as(before.err).isZero();
        assertThat(before.out.lines()).containsExactly("n", "3");
        assertThat(now.out.lines()).containsExactly("n", "5");
        Result tooEarly = query("--as-of", "2020-01-01T00:00:00Z", "SELECT count(*) FROM shop_basket_checked_out_v1");
        assertThat(tooEarly.exit).isNotZero();
        assertThat(tooEarly.err).contains("has no snapshot as of 2020-01-01T00:00:00Z");
    }

    @Test
    void listsTheTablesWithTheirSnapshots() {
        StringWriter out = new StringWriter();
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).execute("lake", "tables", "--bucket", BUCKET,
                "--s3-endpoint", s3.endpoint().toString(), "--catalog", catalogUri(), "--data-dir", work.toString(),
                "--format", "csv");

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).hasSize(2).first().isEqualTo("table,topic,snapshot,committed,files,rows,bytes");
        assertThat(out.toString().lines().skip(1).findFirst().orElseThrow())
                .startsWith("shop.basket_checked_out_v1," + TOPIC + ",").contains(",2,5,");
    }

    @Test
    void printsATableOrJson() {
        assertThat(query("SELECT count(*) AS baskets, sum(total) AS total FROM shop_basket_checked_out_v1").out)
                .isEqualTo(String.join(System.lineSeparator(), "baskets | total", "--------+------", "      5 |  60.0",
                        "(1 row)", ""));
        assertThat(query("--format", "json", "SELECT basketId FROM shop_basket_checked_out_v1 WHERE hour = 23 LIMIT 1").out)
                .contains("\"basketId\" : \"b-0\"");
    }

    @Test
    void aFailingQuerySaysWhyAndListsTheViews() {
        Result result = query("SELECT * FROM orders_nothing_v1");

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.err).contains("the query failed: Catalog Error", "views of s3://" + BUCKET
                + ": shop_basket_checked_out_v1");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result query(String... args) {
        return query(work, args);
    }

    private static Result query(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("lake", "query", "--bucket", BUCKET, "--s3-endpoint",
                s3.endpoint().toString(), "--catalog", catalogUri(), "--data-dir", home.toString()));
        all.addAll(List.of(args));
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
