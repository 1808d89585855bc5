package io.meshwork.archiver;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Runs the archiver under test against a {@link LakeMesh}, rolling small and flushing fast. */
public class ArchiverTestResource implements QuarkusTestResourceLifecycleManager {

    private static LakeMesh mesh;

    @Override
    public Map<String, String> start() {
        mesh = LakeMesh.start();
        Map<String, String> config = new HashMap<>(mesh.archiverConfig());
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.put("quarkus.http.test-port", "0");
        config.put("mesh.archiver.roll-records", "200");
        config.put("mesh.archiver.idle-flush", "1s");
        config.put("mesh.archiver.roll-interval", "3s");
        config.put("mesh.archiver.upkeep.interval", "3s");
        return config;
    }

    @Override
    public void stop() {
        if (mesh != null) {
            mesh.close();
        }
    }

    static LakeMesh mesh() {
        return mesh;
    }
}
