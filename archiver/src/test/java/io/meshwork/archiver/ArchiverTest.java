package io.meshwork.archiver;

import static io.meshwork.archiver.LakeMesh.basket;
import static io.meshwork.archiver.LakeMesh.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.lake.LakePaths;
import io.meshwork.lake.iceberg.TableOffsets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The archiver in this JVM against a real broker, real S3 and the real gateway. */
@QuarkusTest
@QuarkusTestResource(value = ArchiverTestResource.class, restrictToAnnotatedClass = true)
class ArchiverTest {

    private static final String TOPIC = "shop.basket-checked-out.v1";
    private static final Schema V1 = TestSchemas.parse(TestSchemas.BASKET_V1);

    @Test
    void archivesEveryRecordOnceWithItsPositionAndItsPersonalDataPseudonymized() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            for (int i = 0; i < 450; i++) {
                producer.send(event(TOPIC, basket(V1, i), now));
            }
        }

        awaitRows(mesh, TOPIC, 450);
        List<Map.Entry<String, GenericRecord>> rows = mesh.rows(TOPIC).stream()
                .filter(r -> Integer.parseInt(r.getValue().get("basketId").toString().substring(2)) < 450).toList();

        assertThat(rows).hasSize(450);
        assertThat(rows.stream().map(r -> r.getValue().get(LakePaths.PARTITION_COLUMN) + "@"
                + r.getValue().get(LakePaths.OFFSET_COLUMN)).distinct().count()).isEqualTo(450);
        assertThat(rows).allSatisfy(row -> {
            GenericRecord value = row.getValue();
            assertThat(value.get("customerEmail").toString()).matches("[0-9a-f]{64}");
            assertThat(value.get(LakePaths.TIMESTAMP_COLUMN)).isEqualTo(now.toEpochMilli() * 1000);
            assertThat(value.get(LakePaths.EVENT_ID_COLUMN).toString()).hasSize(36);
            assertThat(row.getKey()).contains("/shop/basket_checked_out_v1/data/_kafka_timestamp_hour=" + hour(now) + "/");
        });
        // A commit adds a file per hour and schema, holding the rows of every partition this instance archives.
        assertThat(rows.stream().collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(
                r -> r.getValue().get(LakePaths.PARTITION_COLUMN), Collectors.toSet()))).values())
                .anyMatch(partitions -> partitions.size() > 1);
        assertThat(mesh.everything()).doesNotContain(LakeMesh.CUSTOMER_EMAIL_PREFIX);
    }

    @Test
    void theTableIsReadBackThroughIcebergWithItsOffsetsDescriptionAndClassifications() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            for (int i = 0; i < 30; i++) {
                producer.send(event(TOPIC, basket(V1, 5000 + i), now)).get();
            }
        }
        awaitRows(mesh, TOPIC, 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesh.icebergRows(TOPIC, Expressions.alwaysTrue()).stream()
                .filter(r -> r.getField("basketId").toString().startsWith("b-50")).count() >= 10);

        Table table = mesh.table(TOPIC);
        assertThat(table.name()).isEqualTo("mesh.shop.basket_checked_out_v1");
        assertThat(table.properties()).containsEntry("comment", "A test product of the archiver.")
                .containsEntry("owner", "shop-team").containsEntry("meshwork.topic", TOPIC)
                .containsEntry("meshwork.classification.customerEmail", "pii");
        assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
        assertThat(table.spec().fields()).singleElement().satisfies(f -> assertThat(f.transform().toString()).isEqualTo("hour"));
        assertThat(table.schema().findField("customerEmail").type()).isEqualTo(Types.StringType.get());
        assertThat(table.schema().findField(LakePaths.TIMESTAMP_COLUMN).type()).isEqualTo(Types.TimestampType.withZone());

        List<Record> read = mesh.icebergRows(TOPIC, Expressions.equal("basketId", "b-5003"));
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.getField("customerEmail").toString()).matches("[0-9a-f]{64}");
            assertThat(r.getField(LakePaths.TIMESTAMP_COLUMN)).isEqualTo(now.atOffset(java.time.ZoneOffset.UTC));
        });
        // Planning prunes by the hour partition and by column bounds, which are in microseconds as Iceberg has them.
        assertThat(table.newScan().filter(Expressions.greaterThanOrEqual(LakePaths.TIMESTAMP_COLUMN,
                now.toEpochMilli() * 1000)).planFiles()).isNotEmpty();
        assertThat(table.newScan().filter(Expressions.greaterThan(LakePaths.TIMESTAMP_COLUMN,
                Instant.now().plus(Duration.ofHours(2)).toEpochMilli() * 1000)).planFiles()).isEmpty();

        table.refresh();
        Map<Integer, Long> offsets = TableOffsets.current(table);
        List<Record> all = mesh.icebergRows(TOPIC, Expressions.alwaysTrue());
        assertThat(offsets).isNotEmpty();
        assertThat(all).allSatisfy(r -> assertThat(offsets.get((Integer) r.getField(LakePaths.PARTITION_COLUMN)))
                .isGreaterThan((Long) r.getField(LakePaths.OFFSET_COLUMN)));
    }

    private static String hour(Instant time) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(java.time.ZoneOffset.UTC).format(time);
    }

    @Test
    void aLateEventLandsInItsOwnHourAndAFewRecordsAreFlushedWhenIdle() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        Instant late = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            producer.send(event(TOPIC, basket(V1, 9001), late)).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.rows(TOPIC).stream()
                .anyMatch(r -> r.getValue().get("basketId").toString().equals("b-9001")));

        Map.Entry<String, GenericRecord> row = mesh.rows(TOPIC).stream()
                .filter(r -> r.getValue().get("basketId").toString().equals("b-9001")).findFirst().orElseThrow();
        assertThat(row.getKey()).contains("/_kafka_timestamp_hour=" + hour(late) + "/");
        assertThat(mesh.rows(TOPIC).stream().filter(r -> r.getKey().equals(row.getKey())))
                .allSatisfy(r -> assertThat((Long) r.getValue().get(LakePaths.TIMESTAMP_COLUMN)).isEqualTo(late.toEpochMilli() * 1000));
    }

    @Test
    void theSmallFilesOfAClosedHourAreCompactedIntoOneWithoutLosingOrRepeatingARow() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        Instant closed = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS).plusSeconds(60);
        String folder = "/_kafka_timestamp_hour=" + hour(closed) + "/";
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            for (int i = 0; i < 4; i++) {
                producer.send(event(TOPIC, basket(V1, 6000 + i), closed.plusSeconds(i))).get();
                // Each one its own batch: the archiver flushes after a second without news.
                int committed = i + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> mesh.rows(TOPIC).stream()
                        .filter(r -> r.getValue().get("basketId").toString().startsWith("b-600")).count() >= committed);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> mesh.keys(TOPIC).stream().filter(k -> k.contains(folder)).count() == 1);

        List<Map.Entry<String, GenericRecord>> rows = mesh.rows(TOPIC).stream().filter(r -> r.getKey().contains(folder)).toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.stream().map(r -> r.getValue().get("basketId").toString())).containsExactlyInAnyOrder("b-6000",
                "b-6001", "b-6002", "b-6003");
        assertThat(rows.get(0).getKey()).contains("/compacted-");
        assertThat(mesh.table(TOPIC).currentSnapshot().summary()).containsKey(TableOffsets.SUMMARY_KEY);
    }

    @Test
    void aSchemaChangeStartsANewFileAndANewTopicIsPickedUp() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        String topic = "shop.coupon-basket.v1";
        mesh.apply("shop", "coupon-basket", 1, TestSchemas.BASKET_V1);
        Instant now = Instant.now();
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            for (int i = 0; i < 5; i++) {
                producer.send(event(topic, basket(V1, i), now)).get();
            }
            mesh.apply("shop", "coupon-basket", 1, TestSchemas.BASKET_V1_WITH_COUPON);
            Schema withCoupon = TestSchemas.parse(TestSchemas.BASKET_V1_WITH_COUPON);
            for (int i = 5; i < 10; i++) {
                GenericRecord basket = basket(withCoupon, i);
                basket.put("coupon", "SPRING");
                producer.send(event(topic, basket, now)).get();
            }
        }

        List<Map.Entry<String, GenericRecord>> rows = awaitRows(mesh, topic, 10);

        Map<String, List<GenericRecord>> byFile = rows.stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        assertThat(byFile).hasSizeGreaterThanOrEqualTo(2);
        assertThat(byFile.values()).allSatisfy(file -> assertThat(file.stream()
                .map(r -> r.getSchema().getField("coupon") != null).distinct()).hasSize(1));
        assertThat(rows.stream().filter(r -> r.getValue().getSchema().getField("coupon") != null)
                .map(r -> r.getValue().get("coupon").toString())).hasSize(5).containsOnly("SPRING");
        // One table holds both minor versions: the new column is null in the rows written before it.
        assertThat(mesh.table(topic).schema().findField("coupon")).isNotNull();
        assertThat(mesh.icebergRows(topic, Expressions.alwaysTrue())).hasSize(10)
                .filteredOn(r -> r.getField("coupon") == null).hasSize(5);
    }

    @Test
    void aFieldLaterClassifiedPersonalIsPseudonymizedFromTheNextFileOn() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        String topic = "shop.gift-card-used.v1";
        Schema schema = TestSchemas.parse(TestSchemas.BASKET_V1_WITH_COUPON);
        mesh.apply("shop", "gift-card-used", 1, TestSchemas.BASKET_V1_WITH_COUPON);
        Instant now = Instant.now();
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            for (int i = 0; i < 5; i++) {
                producer.send(event(topic, gift(schema, i), now)).get();
            }
            awaitRows(mesh, topic, 5);

            mesh.apply("shop", "gift-card-used", 1, TestSchemas.BASKET_V1_WITH_COUPON, List.of("customerEmail", "coupon"));
            for (int i = 5; i < 10; i++) {
                producer.send(event(topic, gift(schema, i), now)).get();
            }
        }

        List<Map.Entry<String, GenericRecord>> rows = awaitRows(mesh, topic, 10);
        assertThat(rows.stream().map(Map.Entry::getValue)
                .filter(r -> Integer.parseInt(r.get("basketId").toString().substring(2)) >= 5))
                .hasSize(5).allSatisfy(r -> assertThat(r.get("coupon").toString()).matches("[0-9a-f]{64}"));
        String lake = mesh.everything();
        for (int i = 5; i < 10; i++) {
            assertThat(lake).doesNotContain("GIFT-" + i + "-CODE");
        }
    }

    private static GenericRecord gift(Schema schema, int n) {
        GenericRecord basket = basket(schema, n);
        basket.put("coupon", "GIFT-" + n + "-CODE");
        return basket;
    }

    @Test
    void anEventReplayedFromTheLakeIntoItsOwnTopicIsNotArchivedAgain() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        Instant now = Instant.now();
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            ProducerRecord<String, GenericRecord> replayed = event(TOPIC, basket(V1, 7001), now);
            replayed.headers().add(CloudEventHeaders.header(LakePaths.REPLAYED_FROM_HEADER, TOPIC));
            producer.send(replayed).get();
            producer.send(event(TOPIC, basket(V1, 7002), now)).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.rows(TOPIC).stream()
                .anyMatch(r -> r.getValue().get("basketId").toString().equals("b-7002")));

        assertThat(mesh.rows(TOPIC)).noneMatch(r -> r.getValue().get("basketId").toString().equals("b-7001"));
    }

    @Test
    void deadLettersAreArchivedWithTheirPersonalDataPseudonymized() {
        LakeMesh mesh = ArchiverTestResource.mesh();
        mesh.deadLetter("shop", TOPIC, "{\"basketId\": \"b-x\", \"customerEmail\": \"dead-letter-shopper@example.com\","
                + " \"total\": -1}");

        List<Map.Entry<String, GenericRecord>> rows = awaitRows(mesh, "_mesh.dlq.shop", 1);

        GenericRecord letter = rows.get(0).getValue();
        assertThat(letter.get("topic").toString()).isEqualTo(TOPIC);
        assertThat(letter.get("rule").toString()).isEqualTo("positive-total");
        assertThat(letter.get("payload").toString()).contains("\"basketId\":\"b-x\"")
                .doesNotContain("dead-letter-shopper");
        assertThat(mesh.everything()).doesNotContain("dead-letter-shopper");
    }

    @Test
    void metricsTellLagFilesBytesAndFreshnessPerTopic() throws Exception {
        LakeMesh mesh = ArchiverTestResource.mesh();
        try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
            producer.send(event(TOPIC, basket(V1, 8001), Instant.now())).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.rows(TOPIC).stream()
                .anyMatch(r -> r.getValue().get("basketId").toString().equals("b-8001")));
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String topic = "topic=\"" + TOPIC + "\"";
            assertThat(metrics.lines().filter(line -> line.contains(topic)))
                    .anyMatch(line -> line.startsWith("mesh_archiver_records_total"))
                    .anyMatch(line -> line.startsWith("mesh_archiver_files_total"))
                    .anyMatch(line -> line.startsWith("mesh_archiver_bytes_total"))
                    .anyMatch(line -> line.startsWith("mesh_archiver_lag{") && line.endsWith(" 0.0"))
                    .anyMatch(line -> line.startsWith("mesh_archiver_freshness_seconds{") && !line.endsWith("NaN"));
        });
    }

    private static List<Map.Entry<String, GenericRecord>> awaitRows(LakeMesh mesh, String topic, int atLeast) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> mesh.rows(topic).size() >= atLeast);
        return mesh.rows(topic);
    }
}
