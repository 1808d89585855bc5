package io.meshwork.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshwork.core.auth.SecretFile;
import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.catalog.ProductSource;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.contract.FieldPaths;
import io.meshwork.core.quality.CheckSeal;
import io.meshwork.core.quality.QualitySnapshot;
import io.meshwork.core.serde.AvroDecimals;
import io.meshwork.core.subscription.Grant;
import io.meshwork.core.subscription.Subscription;
import io.meshwork.processors.catalog.Products;
import io.meshwork.processors.derived.Aggregations;
import io.meshwork.processors.derived.DerivedPlans;
import io.meshwork.processors.event.Decoder;
import io.meshwork.processors.subscription.Router;
import io.meshwork.processors.subscription.SubscriptionBook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology's logic on {@code TopologyTestDriver}, without a broker or a gateway: the demo contracts
 * loaded here stand in for the catalog and the registry. {@code StreamProcessorsTest} runs the same
 * topology wired to both.
 */
class MeshTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String ORDERS = "orders.order-placed.v2";
    private static final String CUSTOMERS = "customers.customer-registered.v1";
    private static final Duration REPORT = Duration.ofSeconds(10);
    private static final CheckSeal SEAL = new CheckSeal(SecretFile.random());

    private static DemoEvents demo;
    private static Decoder decoder;
    private static ProductSource catalog;

    @TempDir
    static Path state;

    private TopologyTestDriver driver;
    private SimpleMeterRegistry metrics;
    private TestInputTopic<String, byte[]> orders;
    private TestInputTopic<String, byte[]> customers;
    private TestInputTopic<byte[], byte[]> subscriptions;
    private TestInputTopic<byte[], byte[]> grants;

    @BeforeAll
    static void mesh() {
        LocalCatalog local = LocalCatalog.demo();
        catalog = local.products();
        demo = new DemoEvents(catalog);
        decoder = new Decoder(local.schemas());
    }

    @BeforeEach
    void driver() {
        List<CatalogProduct> all = new ArrayList<>();
        catalog.topics().forEach(t -> catalog.product(t).ifPresent(all::add));
        DerivedPlans.Plan plan = DerivedPlans.plan(all);
        assertThat(plan.problems()).isEmpty();
        metrics = new SimpleMeterRegistry();
        Clock clock = Clock.systemUTC();
        MeshTopology.Parts parts = new MeshTopology.Parts(decoder, new Products(catalog, Duration.ofMinutes(1), clock),
                Optional.of(SEAL), new SubscriptionBook(), plan.products(), metrics, topic -> { }, REPORT, clock);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "mesh-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve("state-" + System.nanoTime()).toString());
        driver = new TopologyTestDriver(MeshTopology.build(parts), config, Instant.now());
        orders = driver.createInputTopic(ORDERS, new StringSerializer(), new ByteArraySerializer());
        customers = driver.createInputTopic(CUSTOMERS, new StringSerializer(), new ByteArraySerializer());
        subscriptions = driver.createInputTopic(Subscription.TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        grants = driver.createInputTopic(Grant.TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void deliversMatchingEventsProjectedWithPersonalDataMaskedUntilTheConsumerHoldsAGrant() throws IOException {
        subscribe(new Subscription("billing", "big-orders", List.of(ORDERS), "message.price.total > 20.0",
                List.of("orderId", "price.total", "deliveryAddress.street"), 1, "billing", Instant.now()));
        TestOutputTopic<String, byte[]> delivered = output("_sub.billing.big-orders");

        String small = DemoEvents.newOrderId();
        String big = DemoEvents.newOrderId();
        publishOrder(small, "c-1", "r-1", "Berlin", "18.99", Instant.now(), false);
        publishOrder(big, "c-1", "r-1", "Berlin", "25.00", Instant.now(), false);

        TestRecord<String, byte[]> masked = delivered.readRecord();
        assertThat(delivered.isEmpty()).isTrue();
        assertThat(masked.key()).isEqualTo(big);
        assertThat(new String(masked.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"" + big
                + "\",\"price\":{\"total\":25.00},\"deliveryAddress\":{\"street\":null}}");
        assertThat(header(masked, Router.MASKED)).isEqualTo("deliveryAddress.street");
        assertThat(header(masked, Router.SOURCE_TOPIC)).isEqualTo(ORDERS);
        assertThat(header(masked, Router.SUBSCRIPTION)).isEqualTo("billing/big-orders@1");
        assertThat(header(masked, CloudEventHeaders.TYPE)).isEqualTo(ORDERS);

        grant(new Grant(ORDERS, "billing", "orders-service", Instant.now(), "invoices need the address"));
        String granted = DemoEvents.newOrderId();
        publishOrder(granted, "c-1", "r-1", "Berlin", "31.50", Instant.now(), false);

        TestRecord<String, byte[]> clear = delivered.readRecord();
        assertThat(JSON.readTree(clear.value()).at("/deliveryAddress/street").asText()).isEqualTo("Torstrasse 1");
        assertThat(clear.headers().lastHeader(Router.MASKED)).isNull();
    }

    @Test
    void withoutAGrantAFilterSeesPersonalDataMaskedWhateverItAsks() throws IOException {
        // The gateway refuses such filters without a grant; these are left from before a revoke.
        subscribe(new Subscription("billing", "tor", List.of(ORDERS), "message.deliveryAddress.street.startsWith('Tor')",
                List.of("orderId"), 1, "billing", Instant.now()));
        subscribe(new Subscription("billing", "not-tor", List.of(ORDERS),
                "!message.deliveryAddress.street.startsWith('Tor')", List.of("orderId"), 1, "billing", Instant.now()));
        TestOutputTopic<String, byte[]> tor = output("_sub.billing.tor");
        TestOutputTopic<String, byte[]> notTor = output("_sub.billing.not-tor");
        grant(new Grant(ORDERS, "billing", "orders-service", Instant.now(), "address checks"));
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "18.99", Instant.now(), false);
        assertThat(tor.readRecordsToList()).as("with the grant, the filter reads the street").hasSize(1);
        assertThat(notTor.readRecordsToList()).isEmpty();

        revoke(ORDERS, "billing");
        for (int i = 0; i < 5; i++) {
            publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "18.99", Instant.now(), false);
        }

        assertThat(tor.readRecordsToList()).as("the street is masked for the filter too").isEmpty();
        assertThat(notTor.readRecordsToList()).as("and its negation learns nothing either").isEmpty();
        assertThat(metrics.counter("mesh_subscription_filter_errors_total", "subscription", "billing/tor").count())
                .isEqualTo(5);
    }

    @Test
    void subscriptionsAddedChangedAndRemovedWhileEventsFlowTakeEffectAtOnce() throws IOException {
        TestOutputTopic<String, byte[]> delivered = output("_sub.analytics.berlin");
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "12.00", Instant.now(), false);

        subscribe(new Subscription("analytics", "berlin", List.of(ORDERS), "message.deliveryAddress.city == 'Berlin'",
                List.of("restaurantId"), 1, "analytics", Instant.now()));
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "12.00", Instant.now(), false);
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-2", "London", "12.00", Instant.now(), false);
        assertThat(delivered.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8))
                .containsExactly("{\"restaurantId\":\"r-1\"}");

        subscribe(new Subscription("analytics", "berlin", List.of(ORDERS), "message.deliveryAddress.city == 'London'",
                List.of("restaurantId"), 2, "analytics", Instant.now()));
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "12.00", Instant.now(), false);
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-2", "London", "12.00", Instant.now(), false);
        List<TestRecord<String, byte[]>> changed = delivered.readRecordsToList();
        assertThat(changed).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"restaurantId\":\"r-2\"}");
        assertThat(header(changed.get(0), Router.SUBSCRIPTION)).isEqualTo("analytics/berlin@2");

        subscriptions.pipeInput(key("analytics/berlin"), (byte[]) null);
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-2", "London", "12.00", Instant.now(), false);
        assertThat(delivered.isEmpty()).isTrue();
    }

    @Test
    void nativeEventsThatBreakTheirRulesGoToTheDeadLetterTopicAndEveryMinuteIsReported() throws IOException {
        TestOutputTopic<String, byte[]> deadLetters = output("_mesh.dlq.orders");
        TestOutputTopic<String, byte[]> reports = output(QualitySnapshot.TOPIC);
        Instant now = Instant.now();
        String bad = DemoEvents.newOrderId();
        byte[] doesNotAddUp = demo.encode(ORDERS, new String(decoded(demo.order(bad, "c-1", "r-1", "Berlin", "20.00", now)))
                .replace("\"total\":20.00", "\"total\":99.00"));
        orders.pipeInput(record(bad, doesNotAddUp, now, false));
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "20.00", now, false);
        String checkedByGateway = DemoEvents.newOrderId();
        orders.pipeInput(record(checkedByGateway, doesNotAddUp, now, true));
        String forged = DemoEvents.newOrderId();
        TestRecord<String, byte[]> claimsToBeChecked = record(forged, doesNotAddUp, now, false);
        claimsToBeChecked.headers().add(CloudEventHeaders.header(CloudEventHeaders.CHECKED_BY, "gateway"));
        claimsToBeChecked.headers().add(CloudEventHeaders.header(CheckSeal.HEADER, "bm90IGEgc2VhbA=="));
        orders.pipeInput(claimsToBeChecked);

        TestRecord<String, byte[]> letter = deadLetters.readRecord();
        TestRecord<String, byte[]> forgedLetter = deadLetters.readRecord();
        assertThat(deadLetters.isEmpty()).as("the sealed event is not checked again").isTrue();
        assertThat(forgedLetter.key()).as("a header any producer can set is no seal").isEqualTo(forged);
        assertThat(header(letter, "mesh_topic")).isEqualTo(ORDERS);
        assertThat(header(letter, "mesh_reason")).isEqualTo(CloudEventHeaders.POST_PUBLISH_REASON);
        assertThat(header(letter, "mesh_rule")).isEqualTo("total-adds-up");
        assertThat(header(letter, "mesh_message")).contains("rule total-adds-up is false");
        assertThat(header(letter, "mesh_source_offset")).isEqualTo("0");
        assertThat(JSON.readTree(letter.value()).path("orderId").asText()).isEqualTo(bad);

        driver.advanceWallClockTime(REPORT);
        QualitySnapshot report = JSON.readValue(reports.readValue(), QualitySnapshot.class);
        assertThat(report.topic()).isEqualTo(ORDERS);
        assertThat(report.events()).isEqualTo(4);
        assertThat(report.checked()).isEqualTo(3);
        assertThat(report.violations()).isEqualTo(2);
        assertThat(report.violationsByRule()).containsEntry("total-adds-up", 2L);
        assertThat(report.nulls()).containsEntry("voucherCode", 4L);
        assertThat(metrics.get("mesh_quality_violations_total").tag("topic", ORDERS).tag("rule", "total-adds-up")
                .counter().count()).isEqualTo(2.0);
        assertThat(metrics.get("mesh_quality_events_total").tag("topic", ORDERS).counter().count()).isEqualTo(4.0);
        assertThat(metrics.get("mesh_quality_nulls_total").tag("field", "voucherCode").counter().count()).isEqualTo(4.0);
    }

    @Test
    void restaurantSalesArePublishedPerFiveMinuteWindowWhenItCloses() {
        Instant window = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        // 10.10 + 20.20 is 30.299999999999997 in doubles: money is summed as decimals.
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Berlin", "10.10", window.plusSeconds(60), false);
        publishOrder(DemoEvents.newOrderId(), "c-2", "r-1", "Berlin", "20.20", window.plusSeconds(120), false);
        publishOrder(DemoEvents.newOrderId(), "c-3", "r-2", "Berlin", "7.50", window.plusSeconds(299), false);
        TestOutputTopic<String, byte[]> sales = output("orders.restaurant-sales.v1");
        assertThat(sales.isEmpty()).isTrue();

        var store = driver.<String, Object>getWindowStore(Aggregations.storeName("orders.restaurant-sales.v1"));
        assertThat(store.fetch("r-1", window, window)).isNotNull();

        publishOrder(DemoEvents.newOrderId(), "c-4", "r-3", "Berlin", "5.00", window.plusSeconds(331), false);
        Map<String, GenericRecord> results = new HashMap<>();
        sales.readRecordsToList().forEach(r -> results.put(r.key(), decoder.decode("orders.restaurant-sales.v1", r.value())));
        assertThat(results).containsOnlyKeys("r-1", "r-2");
        GenericRecord r1 = results.get("r-1");
        assertThat(r1.get("windowStart")).isEqualTo(window.toEpochMilli());
        assertThat(r1.get("windowEnd")).isEqualTo(window.plusSeconds(300).toEpochMilli());
        assertThat(r1.get("orders")).isEqualTo(2L);
        assertThat(money(r1, "revenue")).isEqualTo(new BigDecimal("30.30"));
        assertThat(money(r1, "averageOrder")).isEqualTo(new BigDecimal("15.15"));
        assertThat(money(r1, "largestOrder")).isEqualTo(new BigDecimal("20.20"));
        assertThat(results.get("r-2").get("orders")).isEqualTo(1L);
        assertThat(money(results.get("r-2"), "revenue")).isEqualTo(new BigDecimal("7.50"));
        assertThat(money(results.get("r-2"), "averageOrder")).isEqualTo(new BigDecimal("7.50"));
    }

    @Test
    void cityDemandCountsEachOrderInEveryHoppingWindowThatHoldsIt() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Stockholm", "40.00", start.plus(Duration.ofMinutes(16)), false);
        publishOrder(DemoEvents.newOrderId(), "c-1", "r-1", "Oslo", "1.00", start.plus(Duration.ofMinutes(60)), false);

        List<GenericRecord> windows = output("orders.city-demand.v1").readRecordsToList().stream()
                .filter(r -> r.key().equals("Stockholm"))
                .map(r -> decoder.decode("orders.city-demand.v1", r.value())).toList();
        assertThat(windows).extracting(r -> Instant.ofEpochMilli((Long) r.get("windowStart")))
                .containsExactly(start.plus(Duration.ofMinutes(5)), start.plus(Duration.ofMinutes(10)),
                        start.plus(Duration.ofMinutes(15)));
        assertThat(windows).allSatisfy(w -> {
            assertThat(w.get("orders")).isEqualTo(1L);
            assertThat(money(w, "orderValue")).isEqualTo(new BigDecimal("40.00"));
            assertThat(money(w, "smallestOrder")).isEqualTo(new BigDecimal("40.00"));
        });
    }

    @Test
    void ordersAreEnrichedWithTheCustomerAsItWasAndWaitForALateRowUntilTheGraceEnds() {
        Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        customers.pipeInput(new TestRecord<>("c-regular", demo.customer("c-regular", "REGULAR", "Berlin", t), t));
        String known = DemoEvents.newOrderId();
        String late = DemoEvents.newOrderId();
        String missing = DemoEvents.newOrderId();
        publishOrder(known, "c-regular", "r-1", "Berlin", "12.00", t.plusSeconds(1), false);
        publishOrder(late, "c-late", "r-1", "London", "12.00", t.plusSeconds(2), false);
        customers.pipeInput(new TestRecord<>("c-late", demo.customer("c-late", "PREMIUM", "London", t.plusSeconds(1)),
                t.plusSeconds(1)));
        publishOrder(missing, "c-nobody", "r-1", "London", "12.00", t.plusSeconds(3), false);
        publishOrder(DemoEvents.newOrderId(), "c-regular", "r-1", "Berlin", "12.00", t.plusSeconds(30), false);

        Map<String, GenericRecord> enriched = new HashMap<>();
        output("orders.order-placed-enriched.v1").readRecordsToList()
                .forEach(r -> enriched.put(r.key(), decoder.decode("orders.order-placed-enriched.v1", r.value())));
        assertThat(enriched).containsKeys(known, late, missing);
        assertThat(enriched.get(known).get("customerSegment")).hasToString("REGULAR");
        assertThat(enriched.get(known).get("customerCity")).hasToString("Berlin");
        assertThat(enriched.get(known).get("restaurantId")).hasToString("r-1");
        assertThat(enriched.get(late).get("customerSegment")).hasToString("PREMIUM");
        assertThat(enriched.get(missing).get("customerSegment")).isNull();
        assertThat(enriched.get(missing).get("customerCity")).isNull();
        assertThat(enriched.get(known).getSchema().getField("deliveryAddress")).isNull();
    }

    /** A decimal field of a record as a number, at its scale. */
    private static BigDecimal money(GenericRecord record, String field) {
        Schema type = FieldPaths.nonNull(record.getSchema().getField(field).schema());
        return AvroDecimals.read((LogicalTypes.Decimal) type.getLogicalType(), record.get(field));
    }

    private void publishOrder(String id, String customer, String restaurant, String city, String total, Instant at,
                              boolean checkedByGateway) {
        orders.pipeInput(record(id, demo.order(id, customer, restaurant, city, total, at), at, checkedByGateway));
    }

    /** An order event; one the gateway checked carries its seal. */
    private static TestRecord<String, byte[]> record(String key, byte[] value, Instant at, boolean checkedByGateway) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.add(headers, key, "orders", ORDERS, at);
        if (checkedByGateway) {
            SEAL.seal(headers, ORDERS, key, value);
        }
        return new TestRecord<>(key, value, headers, at);
    }

    private byte[] decoded(byte[] value) throws IOException {
        return io.meshwork.core.json.AvroToJson.convert(decoder.decode(ORDERS, value)).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private void subscribe(Subscription subscription) throws IOException {
        subscriptions.pipeInput(key(subscription.key()), JSON.writeValueAsBytes(subscription));
    }

    private void grant(Grant grant) throws IOException {
        grants.pipeInput(key(grant.key()), JSON.writeValueAsBytes(grant));
    }

    private void revoke(String product, String consumer) throws IOException {
        grants.pipeInput(key(Grant.key(product, consumer)), (byte[]) null);
    }

    private static byte[] key(String id) throws IOException {
        return JSON.writeValueAsBytes(id);
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.get(record.headers(), name).orElse(null);
    }
}
