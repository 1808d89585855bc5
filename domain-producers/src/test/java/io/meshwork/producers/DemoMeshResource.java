package io.meshwork.producers;

import io.meshwork.core.api.MeshClient;
import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.TokenSigner;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import io.meshwork.testkit.kafka.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mesh the demo producers talk to: the shared test broker, and the packaged gateway as a
 * process with the demo contracts applied. Hands the producers their domains' tokens.
 */
public class DemoMeshResource implements QuarkusTestResourceLifecycleManager {

    private static final List<String> DOMAINS = List.of("orders", "logistics", "restaurants", "customers", "app-analytics");
    private static String bootstrapServers;
    private static URI gatewayUrl;
    private static TokenSigner signer;

    private Path work;
    private ServiceProcess gateway;

    @Override
    public Map<String, String> start() {
        work = Folders.temporary("demo-producers-test-");
        bootstrapServers = TestInfrastructure.shared().kafka().bootstrapServers();
        signer = new TokenSigner(KeyFiles.loadOrCreate(work.resolve("keys")).getPrivate());
        gateway = ServiceProcess.start("gateway", Path.of(System.getProperty("mesh.gateway.app")), FreePorts.pick(), "384m",
                gatewayConfig(work.resolve("keys").resolve(KeyFiles.PUBLIC)),
                work.resolve("gateway.log"), Duration.ofSeconds(90));
        gatewayUrl = gateway.url();
        applyDemoContracts();
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", bootstrapServers,
                "mesh.demo.gateway-url", gatewayUrl.toString(), "mesh.demo.rate", "300", "mesh.demo.seed", "7",
                "mesh.demo.http-linger", "100ms", "quarkus.http.test-port", "0"));
        DOMAINS.forEach(domain -> {
            config.put("mesh.demo.tokens." + domain, signer.sign(domain + "-service", List.of("producer"),
                    Optional.of(domain), Duration.ofHours(1)));
            config.put("mesh.demo.kafka-passwords." + domain, kafka().password(domain + "-service"));
        });
        return config;
    }

    private static TestKafka kafka() {
        return TestInfrastructure.shared().kafka();
    }

    private static Map<String, String> gatewayConfig(Path publicKey) {
        Map<String, String> config = new HashMap<>(kafka().gatewayConfig());
        config.put("mp.jwt.verify.publickey.location", publicKey.toUri().toString());
        return config;
    }

    /** The settings of the client that checks what the producers wrote: a super user, which reads every topic. */
    static Map<String, Object> consumerClient() {
        return kafka().superuserConfig();
    }

    @Override
    public void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        Folders.delete(work);
    }

    static String registryUrl() {
        return gatewayUrl + "/registry";
    }

    static String consumerToken() {
        return signer.sign("demo-test-consumer", List.of("consumer"), Optional.empty(), Duration.ofHours(1));
    }

    private void applyDemoContracts() {
        ContractBundle bundle = ContractBundle.read(Path.of(System.getProperty("mesh.contracts.dir")));
        String admin = signer.sign("demo-test-admin", List.of("admin"), Optional.empty(), Duration.ofMinutes(10));
        MeshClient.of(gatewayUrl, admin).withTimeout(Duration.ofMinutes(2)).apply(bundle.request(), false, null);
    }
}
