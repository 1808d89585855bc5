package io.meshwork.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TestKafkaTest {

    @Test
    void usesTheExternalClusterAsGiven() throws Exception {
        try (EmbeddedKafka cluster = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral());
             TestKafka kafka = TestKafka.start(
                     Map.of("MESH_TEST_KAFKA_BOOTSTRAP", " " + cluster.bootstrapServers() + " ")::get, () -> false)) {
            assertThat(kafka.source()).isEqualTo(KafkaSource.EXTERNAL);
            assertThat(kafka.bootstrapServers()).isEqualTo(cluster.bootstrapServers());

            KafkaRecords.produce(kafka.bootstrapServers(), "external.v1", Map.of("k", "v"));
            assertThat(KafkaRecords.consume(cluster.bootstrapServers(), "external.v1", 1, Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::value).containsExactly("v");
        }
    }

    @Test
    void startsTheEmbeddedBrokerWithoutDocker() throws Exception {
        try (TestKafka kafka = TestKafka.start(Map.<String, String>of()::get, () -> false)) {
            assertThat(kafka.source()).isEqualTo(KafkaSource.EMBEDDED);
            KafkaRecords.produce(kafka.bootstrapServers(), "embedded.v1", Map.of("k", "v"));
            assertThat(KafkaRecords.consume(kafka.bootstrapServers(), "embedded.v1", 1, Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::value).containsExactly("v");
        }
    }
}
