package io.meshwork.testkit.kafka;

import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Kafka for tests, from whichever {@link KafkaSource} the environment selects. */
public final class TestKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);

    private final KafkaSource source;
    private final String bootstrapServers;
    private final AutoCloseable resource;

    private TestKafka(KafkaSource source, String bootstrapServers, AutoCloseable resource) {
        this.source = source;
        this.bootstrapServers = bootstrapServers;
        this.resource = resource;
    }

    /** Starts (or connects to) the Kafka that {@link KafkaSource#select} picks from the process environment. */
    public static TestKafka start() {
        return start(System::getenv, DockerProbe::available);
    }

    static TestKafka start(Function<String, String> env, BooleanSupplier dockerAvailable) {
        KafkaSource source = KafkaSource.select(env, dockerAvailable);
        TestKafka kafka = switch (source) {
            case EXTERNAL -> new TestKafka(source, env.apply(KafkaSource.BOOTSTRAP_ENV).trim(), () -> { });
            case CONTAINER -> {
                ContainerKafka container = ContainerKafka.start();
                yield new TestKafka(source, container.bootstrapServers(), container);
            }
            case EMBEDDED -> {
                EmbeddedKafka embedded = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral());
                yield new TestKafka(source, embedded.bootstrapServers(), embedded);
            }
        };
        LOG.info("Tests use {} Kafka at {}", source.name().toLowerCase(), kafka.bootstrapServers);
        return kafka;
    }

    public KafkaSource source() {
        return source;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
