package io.meshwork.testkit.kafka;

import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.testkit.host.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@link EmbeddedKafka} as a standalone child process with a persistent data directory and fixed
 * ports, as {@code mesh dev} runs it. Kafka faults end that process, not the parent.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ChildProcess process;
    private final String bootstrapServers;
    private final EmbeddedKafka.Secrets secrets;

    private KafkaBrokerProcess(ChildProcess process, String bootstrapServers, EmbeddedKafka.Secrets secrets) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.secrets = secrets;
    }

    /**
     * Starts the broker with this JVM's class path and returns once it answers clients.
     *
     * @param dataDir the broker's log directory, kept across restarts
     * @param port the client port
     * @param controllerPort the KRaft controller port
     * @param logFile where the broker's output goes
     * @param heap the child's maximum heap, e.g. {@code 512m}
     * @param secrets the super users' passwords
     */
    public static KafkaBrokerProcess start(Path dataDir, int port, int controllerPort, Path logFile, String heap,
                                           EmbeddedKafka.Secrets secrets) {
        ChildProcess process = ChildProcess.startJava("Kafka broker", ChildProcess.currentClasspath(),
                List.of("-Xmx" + heap, "-DMESH_LOG_LEVEL=INFO"),
                EmbeddedKafka.class.getName(),
                List.of("--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                        "--data-dir", dataDir.toAbsolutePath().toString(), "--exit-with-parent"),
                secrets.environment(), logFile);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(process, "localhost:" + port, secrets);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ChildProcess process() {
        return process;
    }

    /** Stops the broker cleanly (it flushes and closes its log) and waits for it. */
    public void stop() {
        process.stop(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        stop();
    }

    /** The client settings of the access manager, a super user. */
    public Map<String, Object> superuserConfig() {
        return KafkaCredentials.clientConfig(bootstrapServers, MeshPrincipals.CONTROL, secrets.controlPassword());
    }

    private void awaitReady() {
        Map<String, Object> props = new HashMap<>(superuserConfig());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(props)) {
            process.awaitReady("Kafka broker on " + bootstrapServers, START_TIMEOUT,
                    () -> !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty());
        }
    }
}
