package io.meshwork.testkit.kafka;

import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ParentWatch;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller).
 * In tests it runs in-process on free ports with a temporary log directory; {@link #main} runs it
 * as a standalone process with a persistent data directory and a fixed port for {@code mesh dev}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final int START_ATTEMPTS = 3;

    /**
     * How to run the broker.
     *
     * @param port the client port; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one
     * @param dataDir where the log lives across restarts; {@code null} for a temporary directory
     *     that is deleted on stop
     * @param overrides broker properties that replace the defaults
     */
    public record Config(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {

        public Config {
            overrides = Map.copyOf(overrides);
        }

        /** Free ports, a temporary log directory, no overrides. */
        public static Config ephemeral() {
            return new Config(0, 0, null, Map.of());
        }

        public Config withDataDir(Path dir) {
            return new Config(port, controllerPort, dir, overrides);
        }

        public Config withPorts(int clientPort, int controllerClientPort) {
            return new Config(clientPort, controllerClientPort, dataDir, overrides);
        }

        public Config withOverride(String key, String value) {
            Map<String, String> merged = new LinkedHashMap<>(overrides);
            merged.put(key, value);
            return new Config(port, controllerPort, dataDir, merged);
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean deleteLogDirOnStop;
    private boolean stopped;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir, boolean deleteLogDirOnStop) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.deleteLogDirOnStop = deleteLogDirOnStop;
    }

    /**
     * Starts an in-process broker and returns once it accepts clients. A fatal broker fault throws
     * a {@link BrokerFaultException} in the broker's thread instead of exiting the JVM.
     */
    public static EmbeddedKafka start(Config config) {
        FaultGuard.install();
        return launch(config);
    }

    private static EmbeddedKafka launch(Config config) {
        boolean temporary = config.dataDir() == null;
        Path logDir = temporary ? Folders.temporary("mesh-kafka-") : Folders.existing(config.dataDir());
        for (int attempt = 1; ; attempt++) {
            int port = config.port() == 0 ? FreePorts.pick() : config.port();
            int controllerPort = config.controllerPort() == 0 ? FreePorts.pick() : config.controllerPort();
            KafkaConfig kafkaConfig = new KafkaConfig(brokerProperties(config, port, controllerPort, logDir), false);
            format(kafkaConfig, logDir);
            KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                boolean portsWerePicked = config.port() == 0 || config.controllerPort() == 0;
                if (portsWerePicked && causedByBind(e) && attempt < START_ATTEMPTS) {
                    LOG.debug("Port race on start (attempt {}), picking new ports", attempt, e);
                    continue;
                }
                throw e;
            }
            String bootstrap = "localhost:" + port;
            EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, logDir, temporary);
            kafka.awaitReady(Duration.ofSeconds(60));
            LOG.debug("Kafka broker ready on {} (log dir {})", bootstrap, logDir);
            return kafka;
        }
    }

    /** The address clients connect to, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's log directory. */
    public Path logDir() {
        return logDir;
    }

    /** Every fault that in-process brokers of this JVM turned into exceptions, oldest first. */
    public static List<BrokerFaultException> recordedFaults() {
        return FaultGuard.faults();
    }

    /** Stops the broker and waits for it; deletes a temporary log directory. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        shutdownQuietly(server);
        if (deleteLogDirOnStop) {
            Folders.delete(logDir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Kafka broker on " + bootstrapServers + " did not answer within " + timeout, e);
        }
    }

    static Properties brokerProperties(Config config, int port, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The 128 MiB default is allocated up front by the log cleaner and exhausts small heaps.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "2");
        props.putAll(config.overrides());
        return props;
    }

    private static void format(KafkaConfig config, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toAbsolutePath().toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka broker did not shut down cleanly", e);
        }
    }

    /**
     * Runs a broker as a standalone process until it is terminated:
     * {@code --port 9092 --controller-port 9093 --data-dir DIR [--exit-with-parent]}.
     */
    public static void main(String[] args) {
        Config config = Config.ephemeral().withPorts(9092, 9093);
        boolean exitWithParent = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> config = config.withPorts(Integer.parseInt(value(args, ++i)), config.controllerPort());
                case "--controller-port" -> config = config.withPorts(config.port(), Integer.parseInt(value(args, ++i)));
                case "--data-dir" -> config = config.withDataDir(Path.of(value(args, ++i)));
                case "--exit-with-parent" -> exitWithParent = true;
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: --port N --controller-port N --data-dir DIR [--exit-with-parent]");
                    System.exit(2);
                }
            }
        }
        EmbeddedKafka kafka = launch(config);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-shutdown"));
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses();
        }
        System.out.println("Kafka ready on " + kafka.bootstrapServers());
        System.out.flush();
        kafka.server.awaitShutdown();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
