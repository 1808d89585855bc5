package io.meshwork.cli.contracts;

import io.meshwork.cli.MeshVersion;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.ContractProblem;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.contract.DomainLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh contracts check <dir>}: validates a folder of contracts without a running mesh, e.g. in CI. */
@Command(name = "contracts",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = "Works with data contracts as code.",
        subcommands = ContractsCommand.Check.class)
public final class ContractsCommand {

    /** Checks every contract under a folder and prints each problem as file:line: field: message. */
    @Command(name = "check",
            mixinStandardHelpOptions = true,
            versionProvider = MeshVersion.class,
            description = {
                "Checks every <event>.v<major>.yaml contract under the folder, and its .avsc schema: names,"
                    + " versions, statuses, keys, classifications, CEL quality rules against the schema, topic settings.",
                "Prints each problem as file:line: field: message. Exit status: 0 when every contract is valid,"
                    + " 1 when any is not."
            })
    public static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The folder of contracts, e.g. schema-registry-config/.")
        Path folder;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(folder + " is not a folder");
            }
            ContractLoader.FolderResult result = ContractLoader.loadFolder(folder);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DomainLoader.FolderResult domains = DomainLoader.loadFolder(folder);
            domains.problems().forEach(err::println);
            domains.domains().forEach(d -> out.println("ok  domain " + d.name() + "  " + folder.relativize(d.source())));
            for (DataContract contract : result.contracts()) {
                out.println("ok  " + contract.topic() + "  (" + contract.version() + ", " + contract.status().yamlName()
                        + ", " + contract.rules().size() + " rule(s), " + contract.piiFields().size() + " PII field(s))  "
                        + folder.relativize(contract.source()));
            }
            for (ContractProblem problem : result.problems()) {
                err.println(problem);
            }
            if (result.contracts().isEmpty() && result.problems().isEmpty()) {
                err.println("no contracts (<event>.v<major>.yaml) under " + folder);
                return 1;
            }
            out.println(result.contracts().size() + " contract(s) and " + domains.domains().size() + " domain(s) valid, "
                    + (result.problems().size() + domains.problems().size()) + " problem(s)");
            return result.ok() && domains.ok() ? 0 : 1;
        }
    }
}
