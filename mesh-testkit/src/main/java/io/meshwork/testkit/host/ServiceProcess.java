package io.meshwork.testkit.host;

import io.meshwork.core.auth.SecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Meshwork service (a Quarkus application in fast-jar form) run as a child process, ready once
 * its readiness endpoint answers 200. It stops when asked, and on its own when this process dies.
 */
public final class ServiceProcess {

    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final ChildProcess process;
    private final URI base;

    private ServiceProcess(ChildProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** The prefix of a system property naming more JVM options of one service, by its name: {@code mesh.service.jvm-options.archiver}. */
    public static final String JVM_OPTIONS = "mesh.service.jvm-options.";

    /**
     * Starts {@code quarkus-run.jar} with the given configuration and waits until it is ready.
     *
     * @param name what the service is, for messages
     * @param app the service's {@code quarkus-app/quarkus-run.jar}
     * @param port its HTTP port
     * @param heap its maximum heap, e.g. {@code 384m}
     * @param config Quarkus configuration, which holds secrets: written to a file beside the log that
     *     only its owner may read, never to the command line, which every user of the machine sees
     * @param logFile where its output goes
     * @param timeout how long it may take to become ready
     */
    public static ServiceProcess start(String name, Path app, int port, String heap, Map<String, String> config,
                                       Path logFile, Duration timeout) {
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(name + " is not built: " + app + " is missing; run ./mvnw package -DskipTests");
        }
        Path configFile = writeConfig(logFile, config);
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Dquarkus.http.port=" + port,
                "-Dmesh.exit-with-parent=true", "-Dquarkus.config.locations=" + configFile.toUri()));
        // e.g. -Dmesh.service.jvm-options.archiver=-XX:StartFlightRecording=filename=archiver.jfr, to profile one service
        String more = System.getProperty(JVM_OPTIONS + name.replace("the ", "").replace(' ', '-'), "");
        if (!more.isBlank()) {
            options.addAll(List.of(more.trim().split("\\s+")));
        }
        ChildProcess process = ChildProcess.startJava(name, List.of(app), options, QUARKUS_MAIN, List.of(), logFile);
        ServiceProcess service = new ServiceProcess(process, URI.create("http://localhost:" + port));
        try {
            service.awaitReady(timeout);
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        return service;
    }

    private static Path writeConfig(Path logFile, Map<String, String> config) {
        Path file = logFile.toAbsolutePath().resolveSibling(logFile.getFileName() + ".properties");
        Properties properties = new Properties();
        properties.putAll(config);
        // Above the application's own application.properties (250) and environment (300), below system properties.
        properties.put("config_ordinal", "350");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            SecretFile.restrictToOwner(file);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "written by the process that started this service");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration " + file, e);
        }
    }

    /** The service's base URL, e.g. {@code http://localhost:8080}. */
    public URI url() {
        return base;
    }

    public ChildProcess process() {
        return process;
    }

    /** Stops the service gracefully and waits for it. */
    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        process.awaitReady(process.name() + " on " + base, timeout,
                () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
