package io.meshwork.testkit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether a Docker engine answers. Asks Testcontainers only when some Docker configuration exists,
 * which keeps machines without Docker fast and free of its error log; kept apart so Testcontainers
 * loads only when asked.
 */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean available() {
        if (!configured()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (NoClassDefFoundError testcontainersExcluded) {
            return false;
        }
    }

    private static boolean configured() {
        if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        return Stream.of(Path.of("/var/run/docker.sock"), home.resolve(".docker/run/docker.sock"),
                        home.resolve(".testcontainers.properties"), home.resolve(".colima/default/docker.sock"),
                        home.resolve(".rd/docker.sock"))
                .anyMatch(Files::exists);
    }
}
