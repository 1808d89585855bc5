package io.meshwork.cli.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshwork.cli.MeshVersion;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.DomainLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
        subcommands = K8sCommand.Render.class)
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
                    + " service and mesh service, with the ACLs the gateway applies for the same contracts.",
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

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(folder + " is not a folder");
            }
            if (replicas < 1) {
                throw new IllegalArgumentException("--replicas must be 1 or more, is " + replicas);
            }
            PrintWriter err = spec.commandLine().getErr();
            ContractLoader.FolderResult contracts = ContractLoader.loadFolder(folder);
            contracts.problems().forEach(err::println);
            DomainLoader.FolderResult domains = DomainLoader.loadFolder(folder);
            domains.problems().forEach(err::println);
            if (!contracts.ok() || !domains.ok()) {
                err.println("mesh: nothing rendered; fix the problems above");
                return 1;
            }
            StrimziResources.Rendered rendered = StrimziResources.render(contracts.contracts(), domains.domains(), cluster,
                    replicas);
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

        private static void write(StrimziResources.Rendered rendered, Writer out) throws IOException {
            out.write("# Rendered by ./mesh k8s render from the contracts; edit the contracts, not this file.\n");
            for (Object object : rendered.objects()) {
                out.write("---\n");
                out.write(YAML.writeValueAsString(object));
            }
            out.flush();
        }
    }
}
