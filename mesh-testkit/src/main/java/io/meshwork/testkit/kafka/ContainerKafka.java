package io.meshwork.testkit.kafka;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A Kafka broker in a Testcontainers container, of the same version as the clients. */
final class ContainerKafka implements AutoCloseable {

    static final String IMAGE = "apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion();

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE));
        container.start();
        return new ContainerKafka(container);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
