package io.meshwork.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.serde.MeshAvroDeserializer;
import io.meshwork.core.serde.MeshAvroSerde;
import io.meshwork.core.serde.MeshAvroSerializer;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.test.payments.Method;
import io.meshwork.test.payments.PaymentReceived;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Meshwork's serde against the gateway's registry over HTTP, and through a real broker. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class SerdeAgainstRegistryTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final Schema GREETING = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Greeting\","
            + "\"namespace\":\"io.meshwork.test.golden\",\"fields\":[{\"name\":\"text\",\"type\":\"string\"},"
            + "{\"name\":\"count\",\"type\":\"int\"}]}");

    @TestHTTPResource("/registry")
    URL registry;

    @Test
    void writesConfluentsWireFormatByteForByte() {
        String topic = topic("golden");
        GenericRecord greeting = new GenericData.Record(GREETING);
        greeting.put("text", "abc");
        greeting.put("count", 21);

        byte[] bytes;
        try (MeshAvroSerializer<GenericRecord> serializer = serializer(Map.of())) {
            bytes = serializer.serialize(topic, greeting);
        }

        int id = RegistryApiTest.as(TestTokens.admin()).get("/subjects/{s}/versions/latest", topic + "-value")
                .then().statusCode(200).extract().path("id");
        byte[] idBytes = ByteBuffer.allocate(4).putInt(id).array();
        assertThat(bytes).containsExactly(
                0x00, idBytes[0], idBytes[1], idBytes[2], idBytes[3], // magic byte, schema id (big-endian)
                0x06, 'a', 'b', 'c', // string: zig-zag length 3, then UTF-8
                0x2A); // int 21, zig-zag encoded
    }

    @Test
    void roundTripsGenericRecordsThroughABroker() {
        String topic = topic("generic");
        List<GenericRecord> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            GenericRecord greeting = new GenericData.Record(GREETING);
            greeting.put("text", "hello " + i);
            greeting.put("count", i);
            sent.add(greeting);
        }

        produce(topic, sent);
        List<Object> received = consume(topic, sent.size(), Map.of());

        assertThat(received).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            GenericRecord got = (GenericRecord) received.get(i);
            assertThat(got.get("text").toString()).isEqualTo("hello " + i);
            assertThat(got.get("count")).isEqualTo(i);
        }
    }

    @Test
    void readsGeneratedClassesAndResolvesAnOlderWriterSchema() {
        String topic = topic("specific");
        Schema olderWriter = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"PaymentReceived\","
                + "\"namespace\":\"io.meshwork.test.payments\",\"fields\":[{\"name\":\"paymentId\",\"type\":\"string\"},"
                + "{\"name\":\"amountCents\",\"type\":\"int\"},{\"name\":\"method\",\"type\":{\"type\":\"enum\","
                + "\"name\":\"Method\",\"symbols\":[\"CARD\",\"CASH\"]}}]}");
        GenericRecord old = new GenericData.Record(olderWriter);
        old.put("paymentId", "p-1");
        old.put("amountCents", 1250);
        old.put("method", new GenericData.EnumSymbol(olderWriter.getField("method").schema(), "CASH"));
        PaymentReceived current = PaymentReceived.newBuilder().setPaymentId("p-2").setAmountCents(99L)
                .setMethod(Method.VOUCHER).setNote("thanks").build();
        RegistryApiTest.as(TestTokens.admin()).body("{\"compatibility\":\"BACKWARD\"}")
                .put("/config/{s}", topic + "-value").then().statusCode(200);

        produce(topic, List.of(old, current));
        List<Object> received = consume(topic, 2, Map.of("specific.avro.reader", "true"));

        assertThat(received).containsExactly(
                PaymentReceived.newBuilder().setPaymentId("p-1").setAmountCents(1250L).setMethod(Method.CASH)
                        .setNote(null).build(),
                current);
    }

    @Test
    void writesWithTheLatestVersionOrRefusesAnUnregisteredSchema() {
        String topic = topic("latest");
        GenericRecord greeting = new GenericData.Record(GREETING);
        greeting.put("text", "x");
        greeting.put("count", 1);

        try (MeshAvroSerializer<GenericRecord> noRegistering = serializer(Map.of("auto.register.schemas", "false"))) {
            assertThatThrownBy(() -> noRegistering.serialize(topic, greeting))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("auto.register.schemas=false: register it first")
                    .hasMessageContaining("error code 40401");
        }
        try (MeshAvroSerializer<GenericRecord> registering = serializer(Map.of())) {
            registering.serialize(topic, greeting);
        }
        try (MeshAvroSerializer<GenericRecord> latest = serializer(Map.of("use.latest.version", "true",
                "auto.register.schemas", "false"))) {
            assertThat(latest.serialize(topic, greeting)).hasSize(5 + 1 + 1 + 1);
        }
    }

    @Test
    void aStreamsSerdeRoundTripsWithOneClient() {
        String topic = topic("serde");
        GenericRecord greeting = new GenericData.Record(GREETING);
        greeting.put("text", "streams");
        greeting.put("count", 7);
        try (MeshAvroSerde<GenericRecord> serde = new MeshAvroSerde<>()) {
            serde.configure(config(Map.of()), false);

            GenericRecord back = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, greeting));

            assertThat(back).isEqualTo(greeting);
        }
    }

    @Test
    void saysClearlyWhenTheIdIsUnknownTheRegistryUnreachableOrTheTokenMissing() {
        try (MeshAvroDeserializer<Object> deserializer = deserializer(Map.of())) {
            assertThatThrownBy(() -> deserializer.deserialize("orders.x.v1", new byte[] {0, 0x7F, 0, 0, 0, 2}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot fetch the schema with id 2130706432")
                    .hasMessageContaining("error code 40403");
        }

        Map<String, Object> unreachable = new HashMap<>(config(Map.of()));
        unreachable.put("schema.registry.url", "http://localhost:" + FreePorts.pick() + "/registry");
        try (MeshAvroDeserializer<Object> deserializer = new MeshAvroDeserializer<>()) {
            deserializer.configure(unreachable, false);
            assertThatThrownBy(() -> deserializer.deserialize("orders.x.v1", new byte[] {0, 0, 0, 0, 1, 2}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("is unreachable");
        }

        try (MeshAvroSerializer<GenericRecord> anonymous = new MeshAvroSerializer<>()) {
            anonymous.configure(Map.of("schema.registry.url", registry.toString()), false);
            GenericRecord greeting = new GenericData.Record(GREETING);
            greeting.put("text", "x");
            greeting.put("count", 1);
            assertThatThrownBy(() -> anonymous.serialize(topic("anonymous"), greeting))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("error code 40101");
        }
    }

    private void produce(String topic, List<?> values) {
        Properties props = new Properties();
        props.putAll(config(Map.of()));
        props.putAll(TestInfrastructure.shared().kafka().superuserConfig());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, MeshAvroSerializer.class.getName());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(props)) {
            for (Object value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    private List<Object> consume(String topic, int expected, Map<String, Object> extra) {
        Properties props = new Properties();
        props.putAll(config(extra));
        props.putAll(TestInfrastructure.shared().kafka().superuserConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "serde-test-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, MeshAvroDeserializer.class.getName());
        List<Object> received = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
            }
        }
        return received;
    }

    private MeshAvroSerializer<GenericRecord> serializer(Map<String, Object> extra) {
        MeshAvroSerializer<GenericRecord> serializer = new MeshAvroSerializer<>();
        serializer.configure(config(extra), false);
        return serializer;
    }

    private MeshAvroDeserializer<Object> deserializer(Map<String, Object> extra) {
        MeshAvroDeserializer<Object> deserializer = new MeshAvroDeserializer<>();
        deserializer.configure(config(extra), false);
        return deserializer;
    }

    private Map<String, Object> config(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                "schema.registry.url", registry.toString(),
                "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", TestTokens.producer("payments")));
        config.putAll(extra);
        return config;
    }

    private static String topic(String event) {
        return "payments." + event + "-" + System.nanoTime() % 100_000 + "-" + TOPICS.incrementAndGet() + ".v1";
    }
}
