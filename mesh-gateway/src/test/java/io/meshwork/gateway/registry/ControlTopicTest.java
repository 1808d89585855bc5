package io.meshwork.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.kafka.ControlLog;
import io.meshwork.core.kafka.TopicMismatchException;
import io.meshwork.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The topic of a control log ({@code _mesh.schemas} and the like) is created compacted, and verified on start. */
class ControlTopicTest {

    private static final ControlLog.Settings SETTINGS = new ControlLog.Settings(Duration.ofSeconds(10),
            Duration.ofSeconds(1), 3);

    private final Map<String, Object> kafka = TestInfrastructure.shared().kafka().superuserConfig();

    @Test
    void createsItsTopicCompactedWithOnePartitionAndReadsItsOwnWrites() throws Exception {
        String topic = "_mesh.test-created-" + System.nanoTime();
        Map<String, String> state = new ConcurrentHashMap<>();
        try (ControlLog log = new ControlLog(topic, kafka, "test-writer-" + topic, (offset, key, value) ->
                state.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8)),
                SETTINGS, Clock.systemUTC())) {
            assertThat(log.isCaughtUp()).as("not ready before it starts").isFalse();
            log.start();
            log.catchUp();
            log.write(() -> new ControlLog.Decision<>(true, List.of(new ControlLog.Entry("k", Map.of("v", 1)))));

            assertThat(state).containsEntry("\"k\"", "{\"v\":1}");
            assertThat(log.isCaughtUp()).isTrue();
        }
        try (Admin admin = Admin.create(kafka)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(description.partitions()).hasSize(1);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void refusesToStartOnATopicWhoseDeletePolicyWouldExpireTheState() throws Exception {
        String topic = "_mesh.test-expiring-" + System.nanoTime();
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        try (ControlLog log = new ControlLog(topic, kafka, "test-writer-" + topic, (offset, key, value) -> { },
                SETTINGS, Clock.systemUTC())) {
            assertThatThrownBy(log::start).isInstanceOf(TopicMismatchException.class)
                    .hasMessageContaining(topic + " exists, but not as the mesh needs it")
                    .hasMessageContaining("cleanup.policy=delete but the mesh needs cleanup.policy=compact")
                    .hasMessageContaining("kafka-configs.sh --alter --entity-type topics --entity-name " + topic);
        }
    }

    @Test
    void catchingUpBeforeStartSaysSo() {
        try (ControlLog log = new ControlLog("_mesh.test-unstarted", kafka, "unused", (offset, key, value) -> { })) {
            assertThatThrownBy(log::catchUp).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not started; call start() first");
        }
    }
}
