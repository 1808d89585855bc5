package io.meshwork.cli.kafka;

import io.meshwork.cli.MeshVersion;
import io.meshwork.cli.dev.DevState;
import io.meshwork.cli.token.TokenCommand;
import io.meshwork.core.access.KafkaClientCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.api.MeshClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesh kafka-config}: prints a complete Kafka client configuration for a principal of the
 * mesh, as kcat ({@code -F}) or a Java client ({@code .properties}) reads it unchanged.
 */
@Command(name = "kafka-config",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Prints the settings a Kafka client connects to the mesh with: bootstrap servers, security protocol,"
                + " SASL mechanism and the principal's own credentials, which the gateway hands out to the holder of"
                + " its token. With --domain, --consumer, --admin or --service the token is signed with the dev"
                + " mesh's key; otherwise MESH_TOKEN (or --token) says who you are.",
            "Examples:",
            "  ./mesh kafka-config --consumer billing > billing.conf && kcat -F billing.conf -C -t orders.order-status-changed.v1",
            "  ./mesh kafka-config --domain orders --format java > orders.properties",
            "Exit status: 0 when printed, 1 when the gateway refused or cannot be reached."
        })
public final class KafkaConfigCommand implements Callable<Integer> {

    /** How the settings are written. */
    enum Format {
        /** librdkafka's names: kcat -F, confluent-kafka-python, node-rdkafka. */
        librdkafka,
        /** The Java client's names: a .properties file for KafkaProducer, KafkaConsumer, Kafka's own tools. */
        java
    }

    /** Who the settings are for: a dev mesh role, or a mesh service (with an admin's token). */
    static final class Who {
        @ArgGroup(exclusive = true, multiplicity = "1")
        TokenCommand.Role role;

        @Option(names = "--service", paramLabel = "NAME",
                description = "A service of the mesh: mesh-gateway, mesh-stream-processors or mesh-archiver.")
        String service;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Who who;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "librdkafka",
            description = "librdkafka (kcat -F; the default) or java (.properties).")
    Format format;

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:MESH_GATEWAY}",
            description = "The gateway (default: the dev mesh's; env MESH_GATEWAY).")
    URI gateway;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:MESH_TOKEN}",
            description = "Who you are, without a role option (default: env MESH_TOKEN).")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:MESH_HOME:-.mesh}",
            description = "The dev mesh's data folder, whose key signs role tokens (default: ${DEFAULT-VALUE}; env MESH_HOME).")
    Path home;

    @Override
    public Integer call() throws Exception {
        URI gatewayUrl = Optional.ofNullable(gateway)
                .or(() -> DevState.running(home).map(d -> URI.create(d.gatewayUrl())))
                .orElse(URI.create("http://localhost:8080"));
        Optional<String> principal = Optional.empty();
        String asWho;
        if (who != null && who.service != null) {
            if (!MeshPrincipals.SERVICES.contains(who.service)) {
                throw new IllegalArgumentException("--service must be one of " + MeshPrincipals.SERVICES + ", is "
                        + who.service);
            }
            asWho = TokenCommand.sign(home, TokenCommand.Role.admin(), null, Duration.ofMinutes(5));
            principal = Optional.of(who.service);
        } else if (who != null && who.role != null) {
            asWho = TokenCommand.sign(home, who.role, null, Duration.ofMinutes(5));
        } else if (token != null && !token.isBlank()) {
            asWho = token;
        } else {
            throw new IllegalArgumentException("say who the settings are for: --domain D, --consumer NAME, --admin or"
                    + " --service NAME on the dev mesh, or set MESH_TOKEN to your token");
        }
        KafkaClientCredentials credentials = MeshClient.of(gatewayUrl, asWho).withTimeout(Duration.ofMinutes(1))
                .credentials(principal);
        print(spec.commandLine().getOut(), credentials);
        return 0;
    }

    private void print(PrintWriter out, KafkaClientCredentials c) {
        out.println("# Kafka client settings of " + c.principal() + " (" + c.kind() + "), from " + c.bootstrapServers());
        out.println("# Consumer groups must start with " + c.groupPrefix()
                + (c.transactionalIdPrefix() == null ? "" : "; transactional ids with " + c.transactionalIdPrefix()));
        out.println(format == Format.java
                ? "# Use: new KafkaConsumer<>(props), or kafka-console-consumer.sh --consumer.config <this file>"
                : "# Use: kcat -F <this file> -C -t <topic>");
        Map<String, ?> settings = format == Format.java ? c.javaConfig() : c.librdkafkaConfig();
        settings.forEach((key, value) -> out.println(key + "=" + value));
        out.flush();
    }
}
