package io.meshwork.testkit.kafka;

/** Whether a Docker engine answers; kept apart so Testcontainers loads only when asked. */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean available() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (NoClassDefFoundError testcontainersExcluded) {
            return false;
        }
    }
}
