package io.meshwork.cli.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshwork.cli.MeshVersion;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.PrincipalAccess;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.DomainLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh k8s render <dir>}: the Strimzi resources of a contracts folder, for GitOps. */
@Command(name = "k8s",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = "Runs the mesh on Kubernetes with Strimzi.",
        subcommands = {K8sCommand.Render.class, K8sCommand.Passwords.class})
public final class K8sCommand {

    static final ObjectMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

    /** Renders a KafkaTopic per product and dead-letter topic and a KafkaUser per principal. */
    @Command(name = "render",
            mixinStandardHelpOptions = true,
            versionProvider = MeshVersion.class,
            description = {
                "Renders the Strimzi resources (kafka.strimzi.io/v1) of every contract and domain under the folder: a"
                    + " KafkaTopic per product (partitions, retention, cleanup policy from its contract) and per"
                    + " domain's dead-letter topic, and a KafkaUser (SCRAM-SHA-512, simple authorization) per domain"
                    + " service and mesh service, with the ACLs the gateway applies for the same contracts; with"
                    + " --from-gateway, a KafkaUser per principal a running gateway knows, consumers and admins too.",
                "Example: ./mesh k8s render schema-registry-config/ > k8s/generated/kafka-resources.yaml",
                "Exit status: 0 when rendered, 1 when a contract or domain is invalid (each problem is printed)."
            })
    public static final class Render implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The folder of contracts, e.g. schema-registry-config/.")
        Path folder;

        @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "mesh",
                description = "The Strimzi Kafka resource the topics and users belong to (default: ${DEFAULT-VALUE}).")
        String cluster;

        @Option(names = "--replicas", paramLabel = "N", defaultValue = "3",
                description = "The topics' replication factor (default: ${DEFAULT-VALUE}).")
        int replicas;

        @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of standard output.")
        Path output;

        @Option(names = "--from-gateway", paramLabel = "URL",
                description = "Render the users as this running gateway plans them: its registered consumers and"
                    + " admins and their grants too (needs an admin's token).")
        URI gateway;

        @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:MESH_TOKEN}",
                description = "An admin's token for --from-gateway (default: env MESH_TOKEN).")
        String token;

        @Override
        public Integer call() throws IOException {
            if (replicas < 1) {
                throw new IllegalArgumentException("--replicas must be 1 or more, is " + replicas);
            }
            PrintWriter err = spec.commandLine().getErr();
            Optional<Map<String, Set<AclBinding>>> access = Optional.empty();
            if (gateway != null) {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("--from-gateway needs an admin's token: pass --token or set"
                            + " MESH_TOKEN, e.g. MESH_TOKEN=$(./mesh token --admin)");
                }
                Map<String, Set<AclBinding>> plan = new TreeMap<>();
                for (PrincipalAccess principal : MeshClient.of(gateway, token).principals()) {
                    plan.put(principal.principal(), principal.rules().stream()
                            .map(rule -> rule.binding(principal.principal())).collect(Collectors.toSet()));
                }
                access = Optional.of(plan);
            }
            StrimziResources.Rendered rendered = render(folder, cluster, replicas, access, err);
            if (rendered == null) {
                return 1;
            }
            if (output == null) {
                write(rendered, spec.commandLine().getOut());
            } else {
                try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    write(rendered, out);
                }
                err.println("Wrote " + rendered.topics().size() + " KafkaTopic(s) and " + rendered.users().size()
                        + " KafkaUser(s) to " + output);
            }
            return 0;
        }

        /** The folder's resources, or null (with each problem printed) when a contract or domain is invalid. */
        static StrimziResources.Rendered render(Path folder, String cluster, int replicas,
                                                Optional<Map<String, Set<AclBinding>>> access, PrintWriter err) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(folder + " is not a folder");
            }
            ContractLoader.FolderResult contracts = ContractLoader.loadFolder(folder);
            contracts.problems().forEach(err::println);
            DomainLoader.FolderResult domains = DomainLoader.loadFolder(folder);
            domains.problems().forEach(err::println);
            if (!contracts.ok() || !domains.ok()) {
                err.println("mesh: nothing rendered; fix the problems above");
                return null;
            }
            return StrimziResources.render(contracts.contracts(), domains.domains(), cluster, replicas, access);
        }

        private static void write(StrimziResources.Rendered rendered, Writer out) throws IOException {
            out.write("# Rendered by ./mesh k8s render from the contracts; edit the contracts, not this file.\n");
            for (Object object : rendered.objects()) {
                out.write("---\n");
                out.write(YAML.writeValueAsString(object));
            }
            out.flush();
        }
    }

    /** Prints the Secret that holds the rendered users' passwords, for {@code kubectl apply -f -}. */
    @Command(name = "passwords",
            mixinStandardHelpOptions = true,
            versionProvider = MeshVersion.class,
            description = {
                "Prints the Secret " + StrimziResources.PASSWORDS_SECRET + " with the password of every KafkaUser that"
                    + " mesh k8s render writes for the folder: the passwords the credentials key derives, which the"
                    + " gateway hands out and the User Operator sets. Pipe it into kubectl (or a sealing tool);"
                    + " never commit it.",
                "Example: ./mesh k8s passwords schema-registry-config/ --credentials-key kafka-credentials.key"
                    + " | kubectl apply -n meshwork -f -",
                "Exit status: 0 when printed, 1 when a contract or domain is invalid or the key cannot be read."
            })
    public static final class Passwords implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The folder of contracts, e.g. schema-registry-config/.")
        Path folder;

        @Option(names = "--credentials-key", paramLabel = "FILE", required = true,
                description = "The file with the mesh's credentials key (64 hex digits), the gateway's"
                    + " mesh.kafka.access.credentials-key.")
        Path keyFile;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(keyFile)) {
                throw new IllegalArgumentException("--credentials-key " + keyFile + " is not a file");
            }
            KafkaCredentials credentials = new KafkaCredentials(Files.readString(keyFile).strip());
            StrimziResources.Rendered rendered = Render.render(folder, "mesh", 1, Optional.empty(),
                    spec.commandLine().getErr());
            if (rendered == null) {
                return 1;
            }
            Map<String, String> passwords = new TreeMap<>();
            rendered.users().forEach(user -> passwords.put(user.metadata().name(),
                    credentials.password(user.metadata().name())));
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("apiVersion", "v1");
            secret.put("kind", "Secret");
            secret.put("metadata", Map.of("name", StrimziResources.PASSWORDS_SECRET,
                    "labels", Map.of("app.kubernetes.io/part-of", "meshwork")));
            secret.put("type", "Opaque");
            secret.put("stringData", passwords);
            PrintWriter out = spec.commandLine().getOut();
            out.write(YAML.writeValueAsString(secret));
            out.flush();
            return 0;
        }
    }
}
