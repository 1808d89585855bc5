package io.meshwork.cli.dev;

import io.meshwork.core.access.AccessView;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.api.MeshApiException;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.SecretFile;
import io.meshwork.core.auth.TokenSigner;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.core.contract.DomainLoader;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.meshwork.testkit.kafka.EmbeddedKafka;
import io.meshwork.testkit.kafka.KafkaBrokerProcess;
import io.meshwork.testkit.s3.EmbeddedS3;
import io.meshwork.testkit.s3.S3Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh on one machine: starts every part in dependency order, watches them, and stops them
 * in reverse order. Every part runs as a child process that also ends if this process is killed.
 */
public final class DevMesh implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevMesh.class);
    private static final Duration DEV_TOKEN_TTL = Duration.ofDays(30);

    private final DevSettings settings;
    private final DevLock lock;
    private final Deque<Runnable> stopInReverse = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile DevState state;
    private volatile String failure;
    private volatile boolean stopping;

    private DevMesh(DevSettings settings, DevLock lock) {
        this.settings = settings;
        this.lock = lock;
    }

    /**
     * Starts the mesh and returns once every part answers.
     *
     * @param progress receives one line per step, for a person watching
     * @throws AlreadyRunningException when a dev mesh already runs on the same data folder
     * @throws IllegalStateException when a port is taken or a part does not start
     */
    public static DevMesh start(DevSettings settings, Consumer<String> progress) {
        Folders.existing(settings.home());
        DevLock lock = DevLock.tryAcquire(settings.lockFile())
                .orElseThrow(() -> new AlreadyRunningException(DevState.read(settings.stateFile()).orElse(null)));
        DevMesh mesh = new DevMesh(settings, lock);
        try {
            mesh.startParts(progress);
            return mesh;
        } catch (RuntimeException e) {
            mesh.stop();
            throw e;
        }
    }

    private void startParts(Consumer<String> progress) {
        requireFree(settings.kafkaPort(), "Kafka", "--kafka-port");
        requireFree(settings.kafkaControllerPort(), "the Kafka controller", "--kafka-controller-port");
        requireFree(settings.s3Port(), "S3", "--s3-port");
        requireFree(settings.gatewayPort(), "the gateway", "--gateway-port");
        Path publicKey = settings.keys().resolve(KeyFiles.PUBLIC);
        KeyFiles.loadOrCreate(settings.keys());
        KafkaCredentials credentials = new KafkaCredentials(SecretFile.loadOrCreate(settings.kafkaCredentialsKey()));
        String sealKey = SecretFile.loadOrCreate(settings.keys().resolve("check-seal.key"));

        long begin = System.nanoTime();
        progress.accept("Starting Kafka (KRaft) on port " + settings.kafkaPort() + " ...");
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(settings.kafkaData(), settings.kafkaPort(),
                settings.kafkaControllerPort(), settings.logs().resolve("kafka.log"), "768m",
                EmbeddedKafka.Secrets.of(credentials));
        stopInReverse.push(kafka::stop);
        watch("Kafka", kafka.process().logFile(), kafka.process().exited());
        progress.accept("  Kafka ready on " + kafka.bootstrapServers() + " in " + seconds(begin));

        begin = System.nanoTime();
        progress.accept("Starting S3 (s3proxy) on port " + settings.s3Port() + " ...");
        EmbeddedS3 s3 = EmbeddedS3.start(new EmbeddedS3.Config(settings.s3Port(), settings.s3Data(),
                settings.logs().resolve("s3.log"), settings.s3AccessKey(), settings.s3SecretKey(),
                settings.s3proxyJar()));
        stopInReverse.push(s3::stop);
        watch("S3", settings.logs().resolve("s3.log"), s3.exited());
        s3.createBucket(settings.lakeBucket());
        progress.accept("  S3 ready on " + s3.endpoint().endpoint() + " in " + seconds(begin));

        begin = System.nanoTime();
        progress.accept("Starting the gateway on port " + settings.gatewayPort() + " ...");
        Path gatewayLog = settings.logs().resolve("gateway.log");
        Map<String, String> gatewayConfig = new HashMap<>(credentials.gatewaySettings(kafka.bootstrapServers()));
        gatewayConfig.put("mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toUri().toString());
        gatewayConfig.put("mesh.ingest.check-seal-key", sealKey);
        ServiceProcess gateway = ServiceProcess.start("gateway", settings.gatewayApp(), settings.gatewayPort(), "384m",
                gatewayConfig, gatewayLog, Duration.ofSeconds(90));
        stopInReverse.push(gateway::stop);
        watch("the gateway", gatewayLog, gateway.process().exited());
        progress.accept("  Gateway ready on " + gateway.url() + " in " + seconds(begin));

        TokenSigner signer = new TokenSigner(KeyFiles.loadOrCreate(settings.keys()).getPrivate());
        ContractBundle demo = settings.demo() == null ? null : applyDemoContracts(settings.demo(), gateway, signer, progress);
        startArchiver(credentials.serviceSettings(kafka.bootstrapServers(), MeshPrincipals.ARCHIVER), s3.endpoint(),
                gateway, signer, progress);
        Map<String, String> processorsKafka = new HashMap<>(credentials.serviceSettings(kafka.bootstrapServers(),
                MeshPrincipals.PROCESSORS));
        processorsKafka.put("mesh.processors.check-seal-key", sealKey);
        ServiceProcess processors = startProcessors(processorsKafka, gateway, signer, publicKey, progress);
        if (demo != null) {
            startProducers(settings.demo(), demo, kafka.bootstrapServers(), credentials, gateway, signer, progress);
        }

        S3Endpoint endpoint = s3.endpoint();
        state = new DevState(ProcessHandle.current().pid(), kafka.bootstrapServers(), endpoint.endpoint().toString(),
                endpoint.region(), endpoint.accessKey(), endpoint.secretKey(), settings.lakeBucket(),
                gateway.url().toString(), processors.url().toString(), settings.home());
        state.write(settings.stateFile());
    }

    /** Applies the demo domains' contracts as an admin. */
    private ContractBundle applyDemoContracts(DevSettings.Demo demo, ServiceProcess gateway, TokenSigner signer,
                                              Consumer<String> progress) {
        long begin = System.nanoTime();
        progress.accept("Applying the demo contracts from " + demo.contracts() + " ...");
        ContractBundle bundle = ContractBundle.read(demo.contracts());
        String admin = signer.sign("mesh-dev", List.of("admin"), Optional.empty(), Duration.ofMinutes(5));
        try {
            MeshClient.of(gateway.url(), admin).withTimeout(Duration.ofMinutes(2))
                    .apply(bundle.request(), false, "mesh dev: demo domains");
        } catch (MeshApiException refused) {
            throw new IllegalStateException("the gateway refused the demo contracts in " + demo.contracts() + ": "
                    + refused.getMessage(), refused);
        }
        progress.accept("  " + bundle.contracts().size() + " contracts of " + bundle.domains().size()
                + " domains applied in " + seconds(begin));
        return bundle;
    }

    /**
     * Starts the archiver on the embedded S3, flushing often so that files show up soon, with a
     * pseudonymization key kept beside the token keys so that pseudonyms stay the same across restarts.
     */
    private void startArchiver(Map<String, String> kafka, S3Endpoint s3, ServiceProcess gateway, TokenSigner signer,
                               Consumer<String> progress) {
        long begin = System.nanoTime();
        progress.accept("Starting the archiver into s3://" + settings.lakeBucket() + " ...");
        Map<String, String> config = new HashMap<>(kafka);
        config.put("kafka.group.instance.id", "mesh-dev-archiver");
        config.put("mesh.s3.endpoint", s3.endpoint().toString());
        config.put("mesh.s3.region", s3.region());
        config.put("mesh.s3.access-key", s3.accessKey());
        config.put("mesh.s3.secret-key", s3.secretKey());
        config.put("mesh.s3.bucket", settings.lakeBucket());
        config.put("mesh.lake.catalog.uri", DevSettings.lakeCatalogUri(settings.home()));
        config.put("mesh.archiver.gateway-url", gateway.url().toString());
        config.put("mesh.archiver.token", signer.sign(MeshPrincipals.ARCHIVER, List.of("consumer"), Optional.empty(),
                DEV_TOKEN_TTL));
        config.put("mesh.archiver.pii-master-key", SecretFile.loadOrCreate(settings.keys().resolve("pii-master.key")));
        config.put("mesh.archiver.roll-interval", "30s");
        config.put("mesh.archiver.idle-flush", "10s");
        // The dev lake's closed hours are compacted soon after they end.
        config.put("mesh.archiver.upkeep.interval", "2m");
        config.put("mesh.archiver.upkeep.closed-after", "1m");
        config.put("mesh.archiver.upkeep.open-hour-files", "8");
        config.put("mesh.archiver.work-dir", settings.home().resolve("archiver").toAbsolutePath().toString());
        Path log = settings.logs().resolve("archiver.log");
        ServiceProcess archiver = ServiceProcess.start("the archiver", settings.archiverApp(), FreePorts.pick(), "384m",
                config, log, Duration.ofSeconds(90));
        stopInReverse.push(archiver::stop);
        watch("the archiver", log, archiver.process().exited());
        progress.accept("  Archiver running in " + seconds(begin));
    }

    /**
     * Starts the stream processors: subscriptions, the demo's derived products, and the quality
     * monitor, which reports every 10 seconds here so that the catalog shows quality soon.
     */
    private ServiceProcess startProcessors(Map<String, String> kafka, ServiceProcess gateway, TokenSigner signer,
                                           Path publicKey, Consumer<String> progress) {
        long begin = System.nanoTime();
        progress.accept("Starting the stream processors on port " + settings.processorsPort() + " ...");
        Map<String, String> config = new HashMap<>(kafka);
        config.put("mesh.processors.gateway-url", gateway.url().toString());
        config.put("mesh.processors.token", signer.sign(MeshPrincipals.PROCESSORS, List.of("consumer"), Optional.empty(),
                DEV_TOKEN_TTL));
        config.put("mesh.processors.quality-report-interval", "10s");
        config.put("mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toUri().toString());
        config.put("quarkus.kafka-streams.application-server", "localhost:" + settings.processorsPort());
        config.put("kafka-streams.state.dir", settings.home().resolve("streams").toAbsolutePath().toString());
        Path log = settings.logs().resolve("processors.log");
        ServiceProcess processors = ServiceProcess.start("the stream processors", settings.processorsApp(),
                settings.processorsPort(), "512m", config, log, Duration.ofSeconds(120));
        stopInReverse.push(processors::stop);
        watch("the stream processors", log, processors.process().exited());
        progress.accept("  Stream processors ready on " + processors.url() + " in " + seconds(begin));
        return processors;
    }

    /** Starts the demo domains' producers, each domain with its own token and its own Kafka principal. */
    private void startProducers(DevSettings.Demo demo, ContractBundle bundle, String bootstrapServers,
                                KafkaCredentials credentials, ServiceProcess gateway, TokenSigner signer,
                                Consumer<String> progress) {
        long begin = System.nanoTime();
        progress.accept("Starting the demo producers at " + demo.rate() + " events/s ...");
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", bootstrapServers,
                "mesh.demo.gateway-url", gateway.url().toString(), "mesh.demo.rate", String.valueOf(demo.rate())));
        bundle.domains().forEach(file -> DomainLoader.load(Path.of(file.path()), file.yaml()).domain().ifPresent(domain -> {
                    String principal = AccessView.Domain.of(domain.name(), domain.tokenSubjects()).principals().get(0);
                    config.put("mesh.demo.tokens." + domain.name(), signer.sign(principal, List.of("producer"),
                            Optional.of(domain.name()), DEV_TOKEN_TTL));
                    config.put("mesh.demo.kafka-users." + domain.name(), principal);
                    config.put("mesh.demo.kafka-passwords." + domain.name(), credentials.password(principal));
                }));
        Path log = settings.logs().resolve("producers.log");
        ServiceProcess producers = ServiceProcess.start("the demo producers", demo.producersApp(), FreePorts.pick(),
                "256m", config, log, Duration.ofSeconds(90));
        stopInReverse.push(producers::stop);
        watch("the demo producers", log, producers.process().exited());
        progress.accept("  Demo producers running in " + seconds(begin));
    }

    /** The endpoints of the running mesh. */
    public DevState state() {
        return state;
    }

    /** Blocks until the mesh has stopped, by {@link #stop()} or because a part died. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Why the mesh stopped on its own, or {@code null} when it was asked to stop. */
    public String failure() {
        return failure;
    }

    /** Stops every part, newest first, and releases the data folder. Idempotent. */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        try {
            while (!stopInReverse.isEmpty()) {
                try {
                    stopInReverse.pop().run();
                } catch (RuntimeException e) {
                    LOG.warn("A part of the dev mesh did not stop cleanly", e);
                }
            }
            deleteState();
            lock.close();
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void watch(String part, Path logFile, CompletableFuture<Void> exited) {
        exited.thenRunAsync(() -> {
            if (!stopping) {
                failure = part + " stopped unexpectedly; see " + logFile;
                LOG.error(failure);
                stop();
            }
        });
    }

    private void deleteState() {
        try {
            Files.deleteIfExists(settings.stateFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", settings.stateFile(), e);
        }
    }

    private static void requireFree(int port, String part, String option) {
        if (FreePorts.inUse(port)) {
            throw new IllegalStateException("port " + port + " for " + part + " is in use by another program;"
                    + " stop it, or choose another port with " + option);
        }
    }

    private static String seconds(long beginNanos) {
        return String.format("%.1f s", Duration.ofNanos(System.nanoTime() - beginNanos).toMillis() / 1000.0);
    }
}
