package io.meshwork.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.cli.MeshVersion;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.DomainLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The folder of contracts, e.g. schema-registry-config/.")
    Path folder;

    @Option(names = "--dry-run", description = "Print what would change, and change nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:MESH_GATEWAY:-http://localhost:8080}",
            description = "The gateway (default: ${DEFAULT-VALUE}; env MESH_GATEWAY).")
    URI gateway;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:MESH_TOKEN}",
            description = "A bearer token of the contracts' domain, or an admin's (default: env MESH_TOKEN).")
    String token;

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token: pass --token or set MESH_TOKEN, e.g."
                    + " MESH_TOKEN=$(./mesh token --domain orders)");
        }
        List<Map<String, Object>> contracts = contracts();
        List<Map<String, Object>> domains = domains();
        if (contracts.isEmpty() && domains.isEmpty()) {
            throw new IllegalArgumentException("no contracts (<event>.v<major>.yaml) or domains (domain.yaml) under "
                    + folder);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/v1/contracts?dryRun=" + dryRun))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(
                        Map.of("contracts", contracts, "domains", domains))));
        if (reason != null) {
            request.header("X-Mesh-Reason", reason);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the gateway at " + gateway + " (" + e.getMessage()
                    + "); is ./mesh dev running?", e);
        }
        return response.statusCode() == 200 ? report(JSON.readTree(response.body())) : refusal(response);
    }

    private List<Map<String, Object>> contracts() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        List<Map<String, Object>> contracts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".+\\.v[0-9]+\\.ya?ml")).sorted().toList()) {
                String yaml = Files.readString(file);
                Map<String, String> schemas = new LinkedHashMap<>();
                ContractLoader.schemaFileOf(yaml).map(file::resolveSibling).filter(Files::isRegularFile)
                        .ifPresent(schema -> schemas.put(schema.getFileName().toString(), read(schema)));
                contracts.add(Map.of("path", folder.relativize(file).toString(), "yaml", yaml, "schemas", schemas));
            }
        }
        return contracts;
    }

    private List<Map<String, Object>> domains() throws IOException {
        List<Map<String, Object>> domains = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(DomainLoader.FILE)).sorted().toList()) {
                domains.add(Map.of("path", folder.relativize(file).toString(), "yaml", Files.readString(file)));
            }
        }
        return domains;
    }

    private int report(JsonNode report) {
        PrintWriter out = spec.commandLine().getOut();
        int changedDomains = print(out, report.path("domains"), "domain ");
        if (report.path("domains").size() > 0) {
            out.println(report.path("domains").size() + " domain(s), " + changedDomains
                    + (dryRun ? " would change" : " changed"));
        }
        int changed = print(out, report.path("contracts"), "");
        out.println(report.path("contracts").size() + " contract(s), " + changed
                + (dryRun ? " would change (dry run: nothing was changed)" : " changed"));
        return 0;
    }

    private int print(PrintWriter out, JsonNode outcomes, String kind) {
        int changed = 0;
        for (JsonNode outcome : outcomes) {
            String action = outcome.path("action").asText();
            out.printf("%-12s %s%s%n", dryRun && !"unchanged".equals(action) ? "would " + verb(action) : action, kind,
                    outcome.path("topic").asText());
            for (JsonNode change : outcome.path("changes")) {
                out.println("             - " + change.asText());
            }
            changed += "unchanged".equals(action) ? 0 : 1;
        }
        return changed;
    }

    private int refusal(HttpResponse<String> response) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            JsonNode problem = JSON.readTree(response.body());
            err.println("mesh: " + problem.path("title").asText("refused") + " (HTTP " + response.statusCode() + "): "
                    + problem.path("detail").asText(""));
            for (JsonNode line : problem.path("problems")) {
                err.println("  " + line.asText());
            }
        } catch (IOException notJson) {
            err.println("mesh: the gateway answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return 1;
    }

    private static String verb(String action) {
        return "created".equals(action) ? "create" : "update";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
