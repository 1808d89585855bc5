package io.meshwork.processors;

import io.meshwork.core.api.MeshClient;
import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.SecretFile;
import io.meshwork.core.auth.TokenSigner;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.meshwork.testkit.kafka.TestKafka;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mesh the processors' tests run against, once per JVM: the shared test broker and the
 * packaged gateway as a process, with the demo contracts applied. Signs tokens with its key.
 */
public final class TestMesh {

    /** The key the gateway seals what it checked with, which the processors under test share. */
    public static final String CHECK_SEAL_KEY = SecretFile.random();

    private static TestMesh shared;

    private final Path work;
    private final TokenSigner signer;
    private final ServiceProcess gateway;

    private TestMesh() {
        work = Folders.temporary("stream-processors-test-");
        signer = new TokenSigner(KeyFiles.loadOrCreate(work.resolve("keys")).getPrivate());
        gateway = ServiceProcess.start("gateway", Path.of(System.getProperty("mesh.gateway.app")), FreePorts.pick(), "384m",
                withKeys(kafka().gatewayConfig(), Map.of("mp.jwt.verify.publickey.location", publicKey().toUri().toString(),
                        "mesh.ingest.check-seal-key", CHECK_SEAL_KEY)),
                work.resolve("gateway.log"), Duration.ofSeconds(90));
        ContractBundle bundle = ContractBundle.read(Path.of(System.getProperty("mesh.contracts.dir")));
        MeshClient.of(gateway.url(), adminToken()).withTimeout(Duration.ofMinutes(2)).apply(bundle.request(), false, null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            Folders.delete(work);
        }));
    }

    public static synchronized TestMesh shared() {
        if (shared == null) {
            shared = new TestMesh();
        }
        return shared;
    }

    public TestKafka kafka() {
        return TestInfrastructure.shared().kafka();
    }

    /** The client settings of a domain's service, as the demo domains name it ({@code orders-service}). */
    public Map<String, Object> domainClient(String domain) {
        return kafka().clientConfig(domain + "-service");
    }

    /** The settings of a client that sets up and checks what the tests need: a super user. */
    public Map<String, Object> superuser() {
        return kafka().superuserConfig();
    }

    private static Map<String, String> withKeys(Map<String, String> config, Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(config);
        copy.putAll(more);
        return copy;
    }

    public URI gatewayUrl() {
        return gateway.url();
    }

    public Path publicKey() {
        return work.resolve("keys").resolve(KeyFiles.PUBLIC);
    }

    public Path work() {
        return work;
    }

    public String adminToken() {
        return signer.sign("test-admin", List.of("admin"), Optional.empty(), Duration.ofHours(2));
    }

    public String domainToken(String domain) {
        return signer.sign(domain + "-service", List.of("producer"), Optional.of(domain), Duration.ofHours(2));
    }

    public String consumerToken(String consumer) {
        return signer.sign(consumer, List.of("consumer"), Optional.empty(), Duration.ofHours(2));
    }
}
