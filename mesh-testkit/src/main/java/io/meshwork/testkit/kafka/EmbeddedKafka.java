package io.meshwork.testkit.kafka;

import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.auth.SecretFile;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ParentWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller).
 * In tests it runs in-process on free ports with a temporary log directory; {@link #main} runs it
 * as a standalone process with a persistent data directory and a fixed port for {@code mesh dev}.
 *
 * <p>Every listener authenticates and every request is authorized: clients use SASL SCRAM-SHA-512,
 * the controller listener SASL PLAIN with the broker's own identity, and the standard authorizer
 * allows nothing that no ACL allows. The broker's identity ({@value MeshPrincipals#BROKER}) and the
 * access manager's ({@value MeshPrincipals#CONTROL}) are the only super users; their SCRAM
 * credentials are stored when the log directory is formatted.
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
     * @param secrets the super users' passwords
     */
    public record Config(int port, int controllerPort, Path dataDir, Map<String, String> overrides, Secrets secrets) {

        public Config {
            overrides = Map.copyOf(overrides);
        }

        /** Free ports, a temporary log directory, no overrides, new random passwords. */
        public static Config ephemeral() {
            return new Config(0, 0, null, Map.of(), Secrets.random());
        }

        public Config withDataDir(Path dir) {
            return new Config(port, controllerPort, dir, overrides, secrets);
        }

        public Config withPorts(int clientPort, int controllerClientPort) {
            return new Config(clientPort, controllerClientPort, dataDir, overrides, secrets);
        }

        public Config withOverride(String key, String value) {
            Map<String, String> merged = new LinkedHashMap<>(overrides);
            merged.put(key, value);
            return new Config(port, controllerPort, dataDir, merged, secrets);
        }

        public Config withSecrets(Secrets passwords) {
            return new Config(port, controllerPort, dataDir, overrides, passwords);
        }
    }

    /**
     * The passwords of the broker's two super users.
     *
     * @param brokerPassword {@value MeshPrincipals#BROKER}'s: inter-broker and controller traffic
     * @param controlPassword {@value MeshPrincipals#CONTROL}'s: the access manager that keeps credentials and ACLs
     */
    public record Secrets(String brokerPassword, String controlPassword) {

        /** The environment variables {@link #main} reads them from, so that they never show on a command line. */
        public static final String BROKER_ENV = "MESH_KAFKA_BROKER_PASSWORD";
        public static final String CONTROL_ENV = "MESH_KAFKA_CONTROL_PASSWORD";

        public static Secrets random() {
            return new Secrets(SecretFile.random(), SecretFile.random());
        }

        /** The passwords the mesh's credentials derive for both super users. */
        public static Secrets of(KafkaCredentials credentials) {
            return new Secrets(credentials.password(MeshPrincipals.BROKER), credentials.password(MeshPrincipals.CONTROL));
        }

        /** The environment variables that hand them to {@link #main}. */
        public Map<String, String> environment() {
            return Map.of(BROKER_ENV, brokerPassword, CONTROL_ENV, controlPassword);
        }

        /** A digest that tells whether the stored credentials were made with these passwords. */
        String fingerprint() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest((brokerPassword + "\n" + controlPassword)
                        .getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The file in the log directory that holds the fingerprint of the super users' stored credentials. */
    static final String CREDENTIALS_MARKER = "meshwork-credentials";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean deleteLogDirOnStop;
    private final Secrets secrets;
    private boolean stopped;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir, boolean deleteLogDirOnStop,
                          Secrets secrets) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.deleteLogDirOnStop = deleteLogDirOnStop;
        this.secrets = secrets;
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
        if (Files.exists(logDir.resolve("meta.properties")) && !storedCredentialsMatch(logDir, config.secrets())) {
            storeCredentials(config, logDir);
        }
        for (int attempt = 1; ; attempt++) {
            int port = config.port() == 0 ? FreePorts.pick() : config.port();
            int controllerPort = config.controllerPort() == 0 ? FreePorts.pick() : config.controllerPort();
            KafkaConfig kafkaConfig = new KafkaConfig(brokerProperties(config, port, controllerPort, logDir), false);
            format(kafkaConfig, logDir, config.secrets());
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
            EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, logDir, temporary, config.secrets());
            kafka.awaitReady(Duration.ofSeconds(60));
            LOG.debug("Kafka broker ready on {} (log dir {})", bootstrap, logDir);
            return kafka;
        }
    }

    /** The address clients connect to, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client settings of the access manager, a super user: for setting up and checking, not for services. */
    public Map<String, Object> superuserConfig() {
        return KafkaCredentials.clientConfig(bootstrapServers, MeshPrincipals.CONTROL, secrets.controlPassword());
    }

    /** The super users' passwords. */
    public Secrets secrets() {
        return secrets;
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
        try (Admin admin = Admin.create(superuserConfig())) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Kafka broker on " + bootstrapServers + " did not answer within " + timeout, e);
        }
    }

    static Properties brokerProperties(Config config, int port, int controllerPort, Path logDir) {
        Properties props = unsecuredProperties(port, controllerPort, logDir);
        Secrets secrets = config.secrets();
        props.put("listeners", "CLIENT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://localhost:" + port);
        props.put("inter.broker.listener.name", "CLIENT");
        props.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        props.put("listener.name.client.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                KafkaCredentials.jaas(MeshPrincipals.BROKER, secrets.brokerPassword()));
        // KRaft controllers cannot check SCRAM credentials, which live in the metadata they serve.
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + MeshPrincipals.BROKER
                        + "\" password=\"" + secrets.brokerPassword() + "\" user_" + MeshPrincipals.BROKER + "=\""
                        + secrets.brokerPassword() + "\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", String.join(";", MeshPrincipals.SUPER_USERS.stream().map(MeshPrincipals::user).toList()));
        props.put("allow.everyone.if.no.acl.found", "false");
        props.putAll(config.overrides());
        return props;
    }

    /** Everything but security: the broker as it runs once, privately, to store new super-user credentials. */
    private static Properties unsecuredProperties(int port, int controllerPort, Path logDir) {
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
        return props;
    }

    private static void format(KafkaConfig config, Path logDir, Secrets secrets) {
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
                    .setScramArguments(List.of(
                            scramArgument(MeshPrincipals.BROKER, secrets.brokerPassword()),
                            scramArgument(MeshPrincipals.CONTROL, secrets.controlPassword())))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
        }
        writeMarker(logDir, secrets);
    }

    private static String scramArgument(String user, String password) {
        return KafkaCredentials.MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    private static boolean storedCredentialsMatch(Path logDir, Secrets secrets) {
        try {
            Path marker = logDir.resolve(CREDENTIALS_MARKER);
            return Files.isRegularFile(marker) && Files.readString(marker).trim().equals(secrets.fingerprint());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logDir.resolve(CREDENTIALS_MARKER), e);
        }
    }

    /**
     * Stores the super users' credentials in a log directory formatted without them (by an older
     * version) or with other passwords: the broker runs once without security, on private ports,
     * while they are written.
     */
    private static void storeCredentials(Config config, Path logDir) {
        LOG.info("Storing the super users' credentials in {}", logDir);
        int port = FreePorts.pick();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(unsecuredProperties(port, FreePorts.pick(), logDir),
                false), Time.SYSTEM);
        try {
            server.startup();
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
            try (Admin admin = Admin.create(props)) {
                ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, KafkaCredentials.ITERATIONS);
                admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion(MeshPrincipals.BROKER, info, config.secrets().brokerPassword()),
                        new UserScramCredentialUpsertion(MeshPrincipals.CONTROL, info, config.secrets().controlPassword())))
                        .all().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot store the super users' credentials in " + logDir, e);
        } finally {
            shutdownQuietly(server);
        }
        writeMarker(logDir, config.secrets());
    }

    private static void writeMarker(Path logDir, Secrets secrets) {
        try {
            Files.writeString(logDir.resolve(CREDENTIALS_MARKER), secrets.fingerprint() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logDir.resolve(CREDENTIALS_MARKER), e);
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
     * {@code --port 9092 --controller-port 9093 --data-dir DIR [--exit-with-parent]}, with the super
     * users' passwords in the environment variables {@value Secrets#BROKER_ENV} and {@value Secrets#CONTROL_ENV}.
     */
    public static void main(String[] args) {
        String brokerPassword = System.getenv(Secrets.BROKER_ENV);
        String controlPassword = System.getenv(Secrets.CONTROL_ENV);
        if (brokerPassword == null || brokerPassword.isBlank() || controlPassword == null || controlPassword.isBlank()) {
            System.err.println("set " + Secrets.BROKER_ENV + " and " + Secrets.CONTROL_ENV + " to the super users' passwords");
            System.exit(2);
        }
        Config config = Config.ephemeral().withPorts(9092, 9093).withSecrets(new Secrets(brokerPassword, controlPassword));
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
