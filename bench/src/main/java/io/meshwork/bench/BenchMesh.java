package io.meshwork.bench;

import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.TokenSigner;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.meshwork.testkit.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts of the mesh a benchmark talks to: a broker in this JVM and the gateway as a process. */
final class BenchMesh implements AutoCloseable {

    private final TestKafka kafka;
    private final ServiceProcess gateway;
    private final TokenSigner signer;
    private final Path work;

    private BenchMesh(TestKafka kafka, ServiceProcess gateway, TokenSigner signer, Path work) {
        this.kafka = kafka;
        this.gateway = gateway;
        this.signer = signer;
        this.work = work;
    }

    static BenchMesh start() {
        Path work = Folders.temporary("mesh-bench-");
        TestKafka kafka = TestKafka.start();
        TokenSigner signer = new TokenSigner(KeyFiles.loadOrCreate(work.resolve("keys")).getPrivate());
        Path app = Path.of(System.getProperty("mesh.gateway.app", "mesh-gateway/target/quarkus-app/quarkus-run.jar"));
        Map<String, String> config = new HashMap<>(kafka.gatewayConfig());
        config.put("mp.jwt.verify.publickey.location", work.resolve("keys").resolve(KeyFiles.PUBLIC).toUri().toString());
        ServiceProcess gateway = ServiceProcess.start("gateway", app, FreePorts.pick(), "512m", config,
                work.resolve("gateway.log"), Duration.ofSeconds(90));
        return new BenchMesh(kafka, gateway, signer, work);
    }

    /** The broker, with every principal's credentials; every client of a benchmark authenticates as in production. */
    TestKafka kafka() {
        return kafka;
    }

    String registryUrl() {
        return gateway.url() + "/registry";
    }

    String adminToken() {
        return signer.sign("bench-admin", List.of("admin"), Optional.empty(), Duration.ofHours(4));
    }

    /** The public key that verifies the mesh's tokens, for services started beside the gateway. */
    Path publicKey() {
        return work.resolve("keys").resolve(KeyFiles.PUBLIC);
    }

    Path work() {
        return work;
    }

    String consumerToken(String consumer) {
        return signer.sign(consumer, List.of("consumer"), Optional.empty(), Duration.ofHours(4));
    }

    String gatewayUrl() {
        return gateway.url().toString();
    }

    String producerToken(String domain) {
        return signer.sign(domain + "-service", List.of("producer"), Optional.of(domain), Duration.ofHours(4));
    }

    @Override
    public void close() {
        gateway.stop();
        kafka.close();
        Folders.delete(work);
    }
}
