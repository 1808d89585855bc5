package io.meshwork.testkit.s3;

import io.meshwork.testkit.host.ChildProcess;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3 API: s3proxy with its filesystem backend, run as a child process on the loopback
 * interface. It checks request signatures, so clients need the configured credentials. Buckets
 * are folders under the data directory, which makes the lake browsable on disk.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How to run s3proxy.
     *
     * @param port the HTTP port; 0 picks a free one
     * @param dataDir where buckets live across restarts; {@code null} for a temporary directory
     *     that is deleted on stop
     * @param logFile where s3proxy's output goes; {@code null} for a file beside the data
     * @param accessKey the access key clients sign with
     * @param secretKey the secret key clients sign with
     * @param s3proxyJar s3proxy's jar-with-dependencies; {@code null} to locate it (see {@link S3ProxyJar})
     */
    public record Config(int port, Path dataDir, Path logFile, String accessKey, String secretKey, Path s3proxyJar) {

        /** A free port, a temporary directory, and test credentials. */
        public static Config ephemeral() {
            return new Config(0, null, null, "meshwork", "meshwork-secret", null);
        }

        public Config withPort(int httpPort) {
            return new Config(httpPort, dataDir, logFile, accessKey, secretKey, s3proxyJar);
        }

        public Config withDataDir(Path dir, Path log) {
            return new Config(port, dir, log, accessKey, secretKey, s3proxyJar);
        }

        public Config withJar(Path jar) {
            return new Config(port, dataDir, logFile, accessKey, secretKey, jar);
        }
    }

    private final ChildProcess process;
    private final S3Endpoint endpoint;
    private final Path dataDir;
    private final Path temporaryRoot;

    private EmbeddedS3(ChildProcess process, S3Endpoint endpoint, Path dataDir, Path temporaryRoot) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.temporaryRoot = temporaryRoot;
    }

    /** Starts s3proxy and returns once it answers HTTP. */
    public static EmbeddedS3 start(Config config) {
        Path temporaryRoot = config.dataDir() == null ? Folders.temporary("mesh-s3-") : null;
        Path dataDir = temporaryRoot != null ? temporaryRoot.resolve("data") : config.dataDir();
        Path logFile = config.logFile() != null ? config.logFile()
                : temporaryRoot != null ? temporaryRoot.resolve("s3proxy.log")
                : dataDir.resolveSibling(dataDir.getFileName() + ".log");
        int port = config.port() == 0 ? FreePorts.pick() : config.port();
        Path jar = config.s3proxyJar() != null ? config.s3proxyJar() : S3ProxyJar.locate();
        Folders.existing(dataDir);
        Path propertiesFile = writeProperties(config, port, dataDir, logFile);
        ChildProcess process = ChildProcess.startJava("s3proxy", List.of(jar, testkitLocation()),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                S3ProxyLauncher.class.getName(), List.of("--properties", propertiesFile.toString()), logFile);
        S3Endpoint endpoint = new S3Endpoint(URI.create("http://localhost:" + port), REGION,
                config.accessKey(), config.secretKey());
        EmbeddedS3 s3 = new EmbeddedS3(process, endpoint, dataDir, temporaryRoot);
        s3.awaitReady();
        LOG.debug("S3 ready on {} (data {})", endpoint.endpoint(), dataDir);
        return s3;
    }

    /** The endpoint and credentials clients use. */
    public S3Endpoint endpoint() {
        return endpoint;
    }

    /** The folder that holds one sub-folder per bucket. */
    public Path dataDir() {
        return dataDir;
    }

    /** Completes when the s3proxy process has exited, for whatever reason. */
    public CompletableFuture<Void> exited() {
        return process.exited();
    }

    /** Creates a bucket unless it exists. */
    public void createBucket(String bucket) {
        try (S3Client client = endpoint.newClient()) {
            client.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            LOG.debug("Bucket {} exists", bucket);
        }
    }

    /** Stops s3proxy and waits for it; deletes a temporary data directory. Idempotent. */
    public void stop() {
        process.stop(Duration.ofSeconds(10));
        if (temporaryRoot != null) {
            Folders.delete(temporaryRoot);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static Path writeProperties(Config config, int port, Path dataDir, Path logFile) {
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", config.accessKey());
        props.setProperty("s3proxy.credential", config.secretKey());
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        Path file = logFile.resolveSibling(logFile.getFileName() + ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "s3proxy settings written by Meshwork's EmbeddedS3");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.endpoint()).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            // Any HTTP answer will do: s3proxy refuses unsigned requests once it is up.
            process.awaitReady("s3proxy on " + endpoint.endpoint(), START_TIMEOUT,
                    () -> http.send(probe, HttpResponse.BodyHandlers.discarding()) != null);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private static Path testkitLocation() {
        try {
            return Path.of(S3ProxyLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the testkit's classes", e);
        }
    }
}
