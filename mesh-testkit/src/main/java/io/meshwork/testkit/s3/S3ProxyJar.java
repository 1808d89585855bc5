package io.meshwork.testkit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Finds the s3proxy jar that the build resolved from Maven Central: the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENV}, else the local Maven repository.
 */
public final class S3ProxyJar {

    public static final String PROPERTY = "mesh.s3proxy.jar";
    public static final String ENV = "MESH_S3PROXY_JAR";

    private S3ProxyJar() {
    }

    /** The jar's path; fails with what to do when it is not there. */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        Path jar = configured != null && !configured.isBlank() ? Path.of(configured) : inLocalRepository();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar + ": run ./mvnw install -pl mesh-testkit"
                    + " (which resolves it), or point -D" + PROPERTY + " or " + ENV + " at it");
        }
        return jar;
    }

    private static Path inLocalRepository() {
        String version = version();
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Path.of(repository, "org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar");
    }

    private static String version() {
        try (InputStream in = S3ProxyJar.class.getResourceAsStream("s3proxy.properties")) {
            if (in == null) {
                throw new IllegalStateException("the testkit jar lacks s3proxy.properties");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3proxy.properties from the testkit jar", e);
        }
    }
}
