package io.meshwork.core.contract;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.naming.ProductName;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code domain.yaml} and reports every problem with its line and field. */
public final class DomainLoader {

    /** The file name of a domain definition, in the domain's folder beside its contracts. */
    public static final String FILE = "domain.yaml";
    private static final Set<String> KEYS = Set.of("domain", "team", "contacts", "tokenSubjects", "allowlist", "quota");

    /** A domain, or every problem that kept it from loading. */
    public record Result(Optional<DomainDefinition> domain, List<ContractProblem> problems) {
    }

    /** Every domain definition under a folder, and every problem found in any of them. */
    public record FolderResult(List<DomainDefinition> domains, List<ContractProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DomainLoader() {
    }

    /** Loads every {@code domain.yaml} under the folder, recursively, in path order. */
    public static FolderResult loadFolder(Path folder) {
        List<DomainDefinition> domains = new ArrayList<>();
        List<ContractProblem> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(FILE)).sorted().toList()) {
                Result result = load(file, Files.readString(file));
                problems.addAll(result.problems());
                result.domain().ifPresent(domains::add);
            }
        } catch (IOException e) {
            problems.add(new ContractProblem(folder, 0, "", "cannot read folder: " + e));
        }
        return new FolderResult(List.copyOf(domains), List.copyOf(problems));
    }

    public static Result load(Path path, String yaml) {
        List<ContractProblem> problems = new ArrayList<>();
        YamlNode doc;
        try (Reader reader = new StringReader(yaml)) {
            Node node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
            if (node == null || !new YamlNode(node, "").isMapping()) {
                return failed(path, 0, "", "a domain definition is a YAML mapping with domain, team, ...");
            }
            doc = new YamlNode(node, "");
        } catch (MarkedYAMLException e) {
            return failed(path, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "",
                    "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IOException e) {
            return failed(path, 0, "", "not valid YAML: " + e.getMessage());
        }
        doc.entries().forEach((key, node) -> {
            if (!KEYS.contains(key)) {
                problems.add(new ContractProblem(path, node.line(), key, "unknown key '" + key + "'; a domain has "
                        + String.join(", ", KEYS.stream().sorted().toList())));
            }
        });
        String name = scalar(doc, "domain", path, problems);
        if (name != null) {
            ProductName.checkName("domain", name)
                    .ifPresent(p -> problems.add(new ContractProblem(path, doc.get("domain").orElseThrow().line(), "domain", p)));
        }
        String team = scalar(doc, "team", path, problems);
        List<String> contacts = list(doc, "contacts", path, problems);
        List<String> subjects = list(doc, "tokenSubjects", path, problems);
        // Each token subject is also the domain's Kafka principal, so it must be a name Kafka and the mesh can use.
        doc.get("tokenSubjects").ifPresent(section -> section.items().forEach(item ->
                MeshPrincipals.checkName(item.text()).ifPresent(problem ->
                        problems.add(new ContractProblem(path, item.line(), item.path(), problem)))));
        List<Cidr> allowlist = new ArrayList<>();
        doc.get("allowlist").ifPresent(section -> section.items().forEach(item -> {
            Optional<Cidr> cidr = item.isScalar() ? Cidr.parse(item.text()) : Optional.empty();
            if (cidr.isPresent()) {
                allowlist.add(cidr.get());
            } else {
                problems.add(new ContractProblem(path, item.line(), item.path(), "'" + item.text()
                        + "' is not a network in CIDR notation, like 10.0.0.0/8 or ::1/128"));
            }
        }));
        Optional<Integer> quota = doc.get("quota").flatMap(q -> q.get("eventsPerSecond")).map(value -> {
            try {
                int rate = Integer.parseInt(value.text());
                if (rate > 0) {
                    return rate;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            problems.add(new ContractProblem(path, value.line(), value.path(), "eventsPerSecond must be a positive"
                    + " whole number, is '" + value.text() + "'"));
            return null;
        });
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
        return new Result(Optional.of(new DomainDefinition(name, team, contacts, subjects, allowlist, quota, path)),
                List.of());
    }

    private static String scalar(YamlNode doc, String key, Path path, List<ContractProblem> problems) {
        Optional<YamlNode> value = doc.get(key);
        if (value.isEmpty() || !value.get().isScalar() || value.get().text().isBlank()) {
            problems.add(new ContractProblem(path, value.map(YamlNode::line).orElse(doc.line()), key,
                    "required: a single value"));
            return null;
        }
        return value.get().text();
    }

    private static List<String> list(YamlNode doc, String key, Path path, List<ContractProblem> problems) {
        List<String> values = new ArrayList<>();
        doc.get(key).ifPresent(section -> {
            if (!section.isSequence()) {
                problems.add(new ContractProblem(path, section.line(), key, "must be a list"));
            }
            section.items().forEach(item -> values.add(item.text()));
        });
        return values;
    }

    private static Result failed(Path path, int line, String field, String message) {
        return new Result(Optional.empty(), List.of(new ContractProblem(path, line, field, message)));
    }
}
