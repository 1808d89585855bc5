package io.meshwork.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KafkaSourceTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier MUST_NOT_ASK = () -> {
        throw new AssertionError("the Docker engine should not be probed");
    };

    @Test
    void externalClusterWinsWhenBootstrapIsSet() {
        assertThat(KafkaSource.select(Map.of("MESH_TEST_KAFKA_BOOTSTRAP", "kafka:9092")::get, MUST_NOT_ASK))
                .isEqualTo(KafkaSource.EXTERNAL);
        assertThat(KafkaSource.select(Map.of("MESH_TEST_KAFKA_BOOTSTRAP", "kafka:9092", "MESH_TEST_KAFKA", "embedded")::get,
                MUST_NOT_ASK)).isEqualTo(KafkaSource.EXTERNAL);
    }

    @Test
    void blankBootstrapCountsAsUnset() {
        assertThat(KafkaSource.select(Map.of("MESH_TEST_KAFKA_BOOTSTRAP", "  ")::get, NO_DOCKER))
                .isEqualTo(KafkaSource.EMBEDDED);
    }

    @Test
    void containerWhenDockerAnswers() {
        assertThat(KafkaSource.select(Map.<String, String>of()::get, DOCKER)).isEqualTo(KafkaSource.CONTAINER);
    }

    @Test
    void embeddedWhenNoDocker() {
        assertThat(KafkaSource.select(Map.<String, String>of()::get, NO_DOCKER)).isEqualTo(KafkaSource.EMBEDDED);
    }

    @Test
    void embeddedWhenForcedEvenWithDocker() {
        assertThat(KafkaSource.select(Map.of("MESH_TEST_KAFKA", "embedded")::get, MUST_NOT_ASK))
                .isEqualTo(KafkaSource.EMBEDDED);
    }

    @Test
    void containerWhenAskedAndDockerAnswers() {
        assertThat(KafkaSource.select(Map.of("MESH_TEST_KAFKA", "Container")::get, DOCKER))
                .isEqualTo(KafkaSource.CONTAINER);
    }

    @Test
    void containerWithoutDockerSaysWhatToDo() {
        assertThatThrownBy(() -> KafkaSource.select(Map.of("MESH_TEST_KAFKA", "container")::get, NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine answers");
    }

    @Test
    void unknownModeNamesTheChoices() {
        assertThatThrownBy(() -> KafkaSource.select(Map.of("MESH_TEST_KAFKA", "kubernetes")::get, NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auto, embedded, container, external")
                .hasMessageContaining("'kubernetes'");
    }

    @Test
    void externalModeWithoutBootstrapSaysWhatIsMissing() {
        assertThatThrownBy(() -> KafkaSource.select(Map.of("MESH_TEST_KAFKA", "external")::get, NO_DOCKER))
                .hasMessageContaining("MESH_TEST_KAFKA_BOOTSTRAP");
    }
}
