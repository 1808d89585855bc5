package io.meshwork.cli.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.cli.Mesh;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code mesh lake query} against a bucket named by options, as for a lake outside the dev mesh. */
class LakeQueryTest {

    private static final String TOPIC = "shop.basket-checked-out.v1";
    private static final String BUCKET = "lake-query-" + UUID.randomUUID().toString().substring(0, 8);
    private static S3Endpoint s3;

    @TempDir
    static Path work;

    @BeforeAll
    static void lakeWithTwoHours() throws Exception {
        s3 = TestInfrastructure.shared().s3();
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
        try (S3Client client = s3.newClient()) {
            client.createBucket(b -> b.bucket(BUCKET));
            upload(client, "dt=2026-11-21/hour=23/" + TOPIC + "+0+0.parquet",
                    "SELECT 'b-' || i AS basketId, 10.0 + i AS total, i AS _kafka_offset FROM range(3) t(i)");
            upload(client, "dt=2026-11-22/hour=00/" + TOPIC + "+0+3.parquet",
                    "SELECT 'b-' || i AS basketId, 10.0 + i AS total, 'SPRING' AS coupon, i AS _kafka_offset"
                            + " FROM range(3, 5) t(i)");
            client.putObject(b -> b.bucket(BUCKET).key("_mesh/archiver/intents/" + TOPIC + "/0.json"),
                    RequestBody.fromString("{}"));
        }
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
    void readsOnlyTheFilesOfTheHoursAskedFor() {
        Result pruned = query("--format", "csv", "EXPLAIN ANALYZE SELECT count(*) FROM shop_basket_checked_out_v1"
                + " WHERE dt = DATE '2026-11-22' AND hour = 0");

        assertThat(pruned.exit).isZero();
        assertThat(pruned.out).contains("Total Files Read: 1");
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("lake", "query", "--bucket", BUCKET, "--s3-endpoint",
                s3.endpoint().toString(), "--data-dir", work.toString()));
        all.addAll(List.of(args));
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static void upload(S3Client client, String partitionFile, String select) throws Exception {
        Path local = work.resolve(UUID.randomUUID() + ".parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("COPY (" + select + ") TO '" + local + "' (FORMAT parquet)");
        }
        client.putObject(b -> b.bucket(BUCKET).key(TOPIC + "/" + partitionFile), RequestBody.fromFile(local));
    }
}
