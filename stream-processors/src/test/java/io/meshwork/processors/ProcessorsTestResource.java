package io.meshwork.processors;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Points the processors under test at the test mesh: its broker, its gateway and its key. */
public class ProcessorsTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestMesh mesh = TestMesh.shared();
        Map<String, String> config = new HashMap<>();
        config.putAll(mesh.kafka().serviceConfig(MeshPrincipals.PROCESSORS));
        config.put("mesh.processors.check-seal-key", TestMesh.CHECK_SEAL_KEY);
        config.put("mesh.processors.gateway-url", mesh.gatewayUrl().toString());
        config.put("mesh.processors.token", mesh.adminToken());
        config.put("mesh.processors.quality-report-interval", "5s");
        config.put("mp.jwt.verify.publickey.location", mesh.publicKey().toUri().toString());
        config.put("quarkus.kafka-streams.application-id", "mesh-stream-processors-test");
        config.put("kafka-streams.state.dir", Folders.temporary("streams-state-").toString());
        int port = FreePorts.pick();
        config.put("quarkus.http.test-port", String.valueOf(port));
        config.put("quarkus.kafka-streams.application-server", "localhost:" + port);
        return config;
    }

    @Override
    public void stop() {
        // The mesh is shared by the JVM's tests and stops with it.
    }
}
