package io.meshwork.cli.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.cli.GatewayOptions;
import io.meshwork.cli.MeshVersion;
import io.meshwork.core.api.ApplyReport;
import io.meshwork.core.contract.ContractBundle;
import io.meshwork.core.json.MeshJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh apply <dir>}: sends every contract under a folder to the gateway, which validates them,
 * checks ownership and compatibility, registers the schemas, sets up the topics and records the
 * products; applying the same folder again changes nothing.
 */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Applies every domain.yaml and every <event>.v<major>.yaml contract (with its .avsc) under the folder"
                + " through the gateway.",
            "Example: MESH_TOKEN=$(./mesh token --admin) ./mesh apply schema-registry-config/",
            "Exit status: 0 when applied (or planned), 1 when the gateway refused the contracts."
        })
public final class ApplyCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = MeshJson.mapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The folder of contracts, e.g. schema-registry-config/.")
    Path folder;

    @Option(names = "--dry-run", description = "Print what would change, and change nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Mixin
    GatewayOptions connection;

    @Override
    public Integer call() throws Exception {
        String token = connection.token("./mesh token --domain orders");
        ContractBundle bundle = ContractBundle.read(folder);
        if (bundle.isEmpty()) {
            throw new IllegalArgumentException("no contracts (<event>.v<major>.yaml) or domains (domain.yaml) under "
                    + folder);
        }
        return report(connection.client(token).apply(bundle.request(), dryRun, reason));
    }

    private int report(ApplyReport report) {
        PrintWriter out = spec.commandLine().getOut();
        int changedDomains = print(out, report.domains(), "domain ");
        if (!report.domains().isEmpty()) {
            out.println(report.domains().size() + " domain(s), " + changedDomains
                    + (dryRun ? " would change" : " changed"));
        }
        int changed = print(out, report.contracts(), "");
        out.println(report.contracts().size() + " contract(s), " + changed
                + (dryRun ? " would change (dry run: nothing was changed)" : " changed"));
        return 0;
    }

    private int print(PrintWriter out, List<ApplyReport.Outcome> outcomes, String kind) {
        int changed = 0;
        for (ApplyReport.Outcome outcome : outcomes) {
            String action = outcome.action();
            out.printf("%-12s %s%s%n", dryRun && !"unchanged".equals(action) ? "would " + verb(action) : action, kind,
                    outcome.topic());
            for (String change : outcome.changes()) {
                out.println("             - " + change);
            }
            changed += "unchanged".equals(action) ? 0 : 1;
        }
        return changed;
    }

    private static String verb(String action) {
        return "created".equals(action) ? "create" : "update";
    }
}
