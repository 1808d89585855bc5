package io.meshwork.cli.dev;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code mesh dev} tells other commands: its process id and endpoints, kept in
 * {@code .mesh/dev.properties} while it runs.
 */
public record DevState(long pid, String kafkaBootstrap, String s3Endpoint, String s3Region, String s3AccessKey,
                       String s3SecretKey, String lakeBucket, String gatewayUrl, String processorsUrl, Path home) {

    /** Its lake's table catalog. */
    public String lakeCatalogUri() {
        return DevSettings.lakeCatalogUri(home);
    }

    /** The dev mesh running on a data folder, if any. */
    public static Optional<DevState> running(Path home) {
        return read(DevSettings.stateFile(home)).filter(DevState::alive);
    }

    /** The state a running dev mesh left, if any. */
    static Optional<DevState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(new DevState(Long.parseLong(props.getProperty("pid")), props.getProperty("kafka.bootstrap"),
                props.getProperty("s3.endpoint"), props.getProperty("s3.region"), props.getProperty("s3.access-key"),
                props.getProperty("s3.secret-key"), props.getProperty("lake.bucket"), props.getProperty("gateway.url"),
                props.getProperty("processors.url"), file.getParent()));
    }

    void write(Path file) {
        Properties props = new Properties();
        props.setProperty("pid", String.valueOf(pid));
        props.setProperty("kafka.bootstrap", kafkaBootstrap);
        props.setProperty("s3.endpoint", s3Endpoint);
        props.setProperty("s3.region", s3Region);
        props.setProperty("s3.access-key", s3AccessKey);
        props.setProperty("s3.secret-key", s3SecretKey);
        props.setProperty("lake.bucket", lakeBucket);
        props.setProperty("gateway.url", gatewayUrl);
        props.setProperty("processors.url", processorsUrl);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            props.store(writer, "mesh dev is running; this file goes away when it stops");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether the process that wrote this state still runs. */
    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The endpoints, as printed to a person. */
    String describe() {
        return String.join(System.lineSeparator(),
                "  Kafka   bootstrap servers  " + kafkaBootstrap + "  (SASL_PLAINTEXT, SCRAM-SHA-512; no anonymous access)",
                "          client settings    ./mesh kafka-config --domain <domain> | --consumer <name> | --admin"
                        + "  [--format java]",
                "  S3      endpoint           " + s3Endpoint + "  (path-style, region " + s3Region + ")",
                "          credentials        " + s3AccessKey + " / " + s3SecretKey,
                "          lake bucket        " + lakeBucket,
                "  Gateway " + gatewayUrl + "  (health " + gatewayUrl + "/q/health)",
                "          schema registry    " + gatewayUrl + "/registry  (Confluent API)",
                "          tokens             ./mesh token --domain <domain> | --consumer <name> | --admin",
                "          subscriptions      ./mesh subscribe <name> --source <topic> --filter <CEL> --follow",
                "  Streams " + processorsUrl + "  (aggregates by key: /v1/aggregates/<topic>/<key>)",
                "  Data    " + home.toAbsolutePath().normalize() + "  (logs in " + home.resolve("logs") + ")");
    }
}
