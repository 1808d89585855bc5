package io.meshwork.core.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.meshwork.core.contract.odcs.LocatedYaml;
import io.meshwork.core.contract.odcs.OdcsDocument;
import io.meshwork.core.contract.odcs.OdcsSchema;
import io.meshwork.core.json.MeshJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Reads data contracts and checks everything about them, reporting every problem at once with
 * its file, line and field. Contracts are ODCS v3.1.0 files named {@code <event-name>.v<major>.yaml};
 * the event's authoritative definition of type {@code avroSchema} names the Avro schema file beside it.
 * Each section is checked by a class of its own ({@link IdentitySection}, {@link EventSchemaSection},
 * {@link QualitySection}, {@link ServiceLevelSection}, {@link KafkaSection}, {@link DerivationSection}).
 */
public final class ContractLoader {

    private static final ObjectMapper BINDING = MeshJson.mapper();
    /** ODCS v3.1.0's top-level keys; anything else is most likely a typo. */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("apiVersion", "authoritativeDefinitions",
            "contractCreatedTs", "customProperties", "dataProduct", "description", "domain", "id", "kind", "name",
            "price", "roles", "schema", "servers", "slaDefaultElement", "slaProperties", "status", "support", "tags",
            "team", "tenant", "version");
    private static final Pattern CONTRACT_FILE = Pattern.compile(".+\\.v[0-9]+\\.ya?ml");

    /** A contract, or every problem that kept it from loading. */
    public record Result(Optional<DataContract> contract, List<ContractProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Every contract under a folder, and every problem found in any of them. */
    public record FolderResult(List<DataContract> contracts, List<ContractProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private ContractLoader() {
    }

    /** Loads every {@code *.v<major>.yaml} file under the folder, recursively, in path order. */
    public static FolderResult loadFolder(Path folder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> CONTRACT_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            return new FolderResult(List.of(), List.of(new ContractProblem(folder, 0, "", "cannot read folder: " + e)));
        }
        List<DataContract> contracts = new ArrayList<>();
        List<ContractProblem> problems = new ArrayList<>();
        Map<String, Path> topics = new LinkedHashMap<>();
        for (Path file : files) {
            Result result = load(file);
            problems.addAll(result.problems());
            result.contract().ifPresent(contract -> {
                Path other = topics.putIfAbsent(contract.topic(), file);
                if (other != null) {
                    problems.add(new ContractProblem(file, 0, "id", "topic " + contract.topic()
                            + " is already declared by " + other + "; each product version has one contract"));
                } else {
                    contracts.add(contract);
                }
            });
        }
        return new FolderResult(contracts, problems);
    }

    /**
     * A contract's text and a way to read the files beside it.
     *
     * @param path where the contract is (or was), for problem locations and for naming its siblings
     * @param yaml the contract's YAML text
     * @param siblings reads a file beside the contract by name, empty when there is none
     */
    public record Source(Path path, String yaml, Function<String, Optional<String>> siblings) {

        /** A contract read from memory, with its schema files by name. */
        public static Source of(Path path, String yaml, Map<String, String> siblings) {
            return new Source(path, yaml, name -> Optional.ofNullable(siblings.get(name)));
        }
    }

    /** Loads one contract file and its schema. */
    public static Result load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result(Optional.empty(), List.of(new ContractProblem(file, 0, "", "cannot read the file: " + e)));
        }
        return load(new Source(file, yaml, name -> {
            try {
                Path sibling = file.resolveSibling(name);
                return Files.isRegularFile(sibling) ? Optional.of(Files.readString(sibling, StandardCharsets.UTF_8))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }));
    }

    /**
     * Loads a contract from its text and its schema's: each section must make sense for Meshwork, and
     * the whole must pass the standard's JSON Schema when one is configured ({@link OdcsSchema}).
     */
    public static Result load(Source source) {
        Path file = source.path();
        LocatedYaml yaml;
        try {
            yaml = LocatedYaml.parse(source.yaml());
        } catch (LocatedYaml.Unparsable e) {
            return failed(List.of(new ContractProblem(file, e.line(), "", e.getMessage())));
        }
        Findings findings = new Findings(file, yaml);
        if (!yaml.tree().isObject()) {
            findings.at("", "a contract is a YAML mapping (key: value lines), not a list or a single value");
            return failed(findings.all());
        }
        yaml.tree().fieldNames().forEachRemaining(key -> {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                findings.at("/" + key, "unknown key '" + key + "'; an ODCS " + OdcsSchema.API_VERSION + " contract has "
                        + String.join(", ", TOP_LEVEL_KEYS.stream().sorted().toList()));
            }
        });
        OdcsDocument doc;
        try {
            doc = BINDING.treeToValue(yaml.tree(), OdcsDocument.class);
        } catch (JsonMappingException unbindable) {
            // The standard's schema says best what is wrong with the shape; without it, say where.
            boolean explained = standard(yaml, findings);
            if (!explained) {
                findings.at(pointer(unbindable), "not an ODCS contract: this value has the wrong shape"
                        + (unbindable instanceof MismatchedInputException m && m.getTargetType() != null
                        ? " (" + shape(m.getTargetType()) + " expected)" : ""));
            }
            return failed(findings.all());
        } catch (JsonProcessingException unbindable) {
            findings.at("", "not an ODCS contract: " + unbindable.getOriginalMessage());
            return failed(findings.all());
        }

        IdentitySection.Identity identity = IdentitySection.read(doc, findings);
        EventSchemaSection.EventSchema event = EventSchemaSection.read(doc, identity.name(), file, source.siblings(),
                findings);
        QualitySection.Rules rules = QualitySection.read(doc.schema().isEmpty() ? null : doc.schema().get(0),
                event.avro(), findings);
        Optional<Duration> freshness = ServiceLevelSection.duration(doc, "freshness", findings);
        Optional<Duration> retention = ServiceLevelSection.duration(doc, "retention", findings);
        KafkaServer kafka = KafkaSection.read(doc, findings);
        Optional<Derivation> derivation = DerivationSection.read(doc, event.avro(), findings);
        standard(yaml, findings);

        if (!findings.isEmpty()) {
            return failed(findings.all());
        }
        return new Result(Optional.of(new DataContract(identity.name(), identity.version(), identity.status(),
                identity.team(), identity.description(), event.avro(), event.keyField(), event.classifications(),
                rules.rules(), rules.compiled(), kafka, freshness, retention, derivation, file)), List.of());
    }

    /** The name of the Avro schema file a contract refers to, if it names one. */
    public static Optional<String> schemaFileOf(String yaml) {
        try {
            OdcsDocument doc = BINDING.treeToValue(LocatedYaml.parse(yaml).tree(), OdcsDocument.class);
            return doc.schema().stream().findFirst().filter(java.util.Objects::nonNull)
                    .flatMap(EventSchemaSection::avroFile);
        } catch (LocatedYaml.Unparsable | JsonProcessingException | IllegalArgumentException notAContract) {
            return Optional.empty();
        }
    }

    /**
     * What the standard's schema, when configured, finds beyond what the sections said already.
     *
     * @return whether it found anything
     */
    private static boolean standard(LocatedYaml yaml, Findings findings) {
        List<OdcsSchema.Violation> violations = OdcsSchema.configured().map(schema -> schema.violations(yaml.tree()))
                .orElse(List.of());
        violations.stream().filter(v -> !findings.has(v.pointer())).forEach(v -> findings.at(v.pointer(), v.message()));
        return !violations.isEmpty();
    }

    private static String shape(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class || Number.class.isAssignableFrom(type) || type == Boolean.class) {
            return "a single value";
        }
        return "a mapping";
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        e.getPath().forEach(r -> pointer.append('/').append(r.getFieldName() != null ? r.getFieldName() : r.getIndex()));
        return pointer.toString();
    }

    private static Result failed(List<ContractProblem> problems) {
        return new Result(Optional.empty(), List.copyOf(problems));
    }
}
