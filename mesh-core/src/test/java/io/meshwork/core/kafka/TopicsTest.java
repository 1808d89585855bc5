package io.meshwork.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void acceptsATopicAsTheMeshNeedsIt() {
        assertThat(Topics.differences(TopicSpec.compacted("_mesh.schemas"),
                new Topics.Existing(1, Map.of("cleanup.policy", "compact", "retention.ms", "604800000")))).isEmpty();
    }

    @Test
    void namesACleanupPolicyThatWouldExpireControlRecordsAndHowToFixIt() {
        assertThat(Topics.differences(TopicSpec.compacted("_mesh.schemas"),
                new Topics.Existing(1, Map.of("cleanup.policy", "delete"))))
                .containsExactly("cleanup.policy=delete but the mesh needs cleanup.policy=compact (kafka-configs.sh"
                        + " --alter --entity-type topics --entity-name _mesh.schemas --add-config cleanup.policy=compact)");
    }

    @Test
    void namesAWrongPartitionCountAndRetention() {
        assertThat(Topics.differences(TopicSpec.retained("orders._dlq", Duration.ofDays(30)),
                new Topics.Existing(3, Map.of("cleanup.policy", "delete", "retention.ms", "3600000"))))
                .hasSize(2)
                .anySatisfy(d -> assertThat(d).startsWith("it has 3 partition(s), the mesh needs 1"))
                .anySatisfy(d -> assertThat(d).startsWith("retention.ms=3600000 keeps records for less than the"
                        + " retention.ms=2592000000 the mesh promises"));
    }

    @Test
    void acceptsALongerOrUnlimitedRetention() {
        TopicSpec deadLetters = TopicSpec.retained("orders._dlq", Duration.ofDays(30));
        assertThat(Topics.differences(deadLetters, new Topics.Existing(1, Map.of("cleanup.policy", "delete",
                "retention.ms", "-1")))).isEmpty();
        assertThat(Topics.differences(deadLetters, new Topics.Existing(1, Map.of("cleanup.policy", "delete",
                "retention.ms", String.valueOf(Duration.ofDays(90).toMillis()))))).isEmpty();
    }
}
