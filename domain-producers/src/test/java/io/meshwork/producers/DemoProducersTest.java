package io.meshwork.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.serde.MeshAvroDeserializer;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.producers.load.LoadSummary;
import io.meshwork.producers.world.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The demo producers against a real broker and the real gateway: the four JVM domains through
 * Kafka with Meshwork's serializer, app analytics through the gateway's HTTP API, all arriving
 * decodable, valid and correlated.
 */
@QuarkusTest
@QuarkusTestResource(value = DemoMeshResource.class, restrictToAnnotatedClass = true)
class DemoProducersTest {

    private static final Contracts CONTRACTS = Contracts.load();

    @Inject
    LoadSummary summary;

    @Test
    void everyDomainsEventsArriveDecodableValidAndCorrelated() {
        await().atMost(Duration.ofSeconds(90)).until(() -> Topics.ALL.stream().allMatch(topic ->
                summary.counts().containsKey(topic) && summary.counts().get(topic).acknowledged() > 0)
                && summary.total().acknowledged() > 2_000);
        Map<String, LoadSummary.Counts> sent = summary.counts();
        Instant now = Instant.now().plusSeconds(5);

        Map<String, List<ConsumerRecord<String, Object>>> specific = consumeAll(true, sent);
        Map<String, List<ConsumerRecord<String, Object>>> generic = consumeAll(false, sent);

        assertThat(sent.values()).allSatisfy(counts -> {
            assertThat(counts.rejected()).isZero();
            assertThat(counts.failed()).isZero();
        });
        for (String topic : Topics.ALL) {
            assertThat(specific.get(topic)).as(topic).isNotEmpty().allSatisfy(record -> {
                assertThat(record.value()).isInstanceOf(SpecificRecord.class);
                assertThat(record.value().getClass().getPackageName()).startsWith("io.meshwork.demo.");
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.TYPE)).contains(topic);
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.ID)).isPresent();
            });
            assertThat(generic.get(topic)).allSatisfy(record -> assertThat(
                    CONTRACTS.of(topic).compiledRules().evaluate((GenericRecord) record.value(), now)).isEmpty());
        }
        assertOrdersNameEarlierCustomersAndFollowTheLifecycle(generic);
    }

    private static void assertOrdersNameEarlierCustomersAndFollowTheLifecycle(
            Map<String, List<ConsumerRecord<String, Object>>> records) {
        Map<String, Long> registeredAt = new HashMap<>();
        records.get(Topics.CUSTOMER_REGISTERED).forEach(r ->
                registeredAt.put(((GenericRecord) r.value()).get("customerId").toString(), r.timestamp()));
        // The reader stops once each topic holds what was confirmed; an order newer than every registration it
        // read may name a customer whose registration it stopped short of.
        long newestRegistration = registeredAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(records.get(Topics.ORDER_PLACED).stream().filter(r -> r.timestamp() <= newestRegistration))
                .allSatisfy(r -> {
            String customer = ((GenericRecord) r.value()).get("customerId").toString();
            assertThat(registeredAt).containsKey(customer);
            assertThat(registeredAt.get(customer)).isLessThanOrEqualTo(r.timestamp());
        });
        Map<String, List<String>> lifecycle = new HashMap<>();
        for (ConsumerRecord<String, Object> r : records.get(Topics.ORDER_STATUS_CHANGED)) {
            GenericRecord change = (GenericRecord) r.value();
            assertThat(r.key()).isEqualTo(change.get("orderId").toString());
            List<String> statuses = lifecycle.computeIfAbsent(r.key(), k -> new ArrayList<>());
            Object previous = change.get("previousStatus");
            assertThat(previous == null ? null : previous.toString())
                    .isEqualTo(statuses.isEmpty() ? null : statuses.get(statuses.size() - 1));
            statuses.add(change.get("status").toString());
        }
        Set<String> placed = Set.copyOf(records.get(Topics.ORDER_PLACED).stream().map(ConsumerRecord::key).toList());
        assertThat(lifecycle.keySet()).allSatisfy(order -> assertThat(placed).contains(order));
        assertThat(lifecycle.values()).allSatisfy(statuses -> assertThat(statuses.get(0)).isEqualTo("PLACED"));
    }

    /** Reads every demo topic from the start until it holds at least what the producers had confirmed. */
    private static Map<String, List<ConsumerRecord<String, Object>>> consumeAll(boolean specificReader,
                                                                               Map<String, LoadSummary.Counts> sent) {
        Map<String, Object> config = new HashMap<>(DemoMeshResource.consumerClient());
        config.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "demo-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                SerdeConfig.SCHEMA_REGISTRY_URL, DemoMeshResource.registryUrl(),
                SerdeConfig.SPECIFIC_AVRO_READER, String.valueOf(specificReader),
                SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                SerdeConfig.BEARER_AUTH_TOKEN, DemoMeshResource.consumerToken()));
        Map<String, List<ConsumerRecord<String, Object>>> byTopic = new HashMap<>();
        Topics.ALL.forEach(topic -> byTopic.put(topic, new ArrayList<>()));
        MeshAvroDeserializer values = new MeshAvroDeserializer();
        values.configure(config, false);
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            consumer.subscribe(Topics.ALL);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> byTopic.get(r.topic()).add(r));
                return Topics.ALL.stream().allMatch(t -> byTopic.get(t).size() >= sent.get(t).acknowledged());
            });
        }
        return byTopic;
    }
}
