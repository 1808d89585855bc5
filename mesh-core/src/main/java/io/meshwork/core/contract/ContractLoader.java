package io.meshwork.core.contract;

import io.meshwork.core.naming.ProductName;
import io.meshwork.core.rules.QualityRule;
import io.meshwork.core.rules.QualityRules;
import io.meshwork.core.rules.RuleProblem;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads data contracts and checks everything about them, reporting every problem at once with
 * its file, line and field. Contracts are files named {@code <event-name>.v<major>.yaml}; the
 * {@code schema[0].avro} entry names the Avro schema file beside it.
 */
public final class ContractLoader {

    /** ODCS v3 top-level keys; anything else is most likely a typo. */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("apiVersion", "kind", "id", "name", "version", "status",
            "domain", "dataProduct", "tenant", "description", "schema", "quality", "team", "roles", "slaProperties",
            "slaDefaultElement", "support", "price", "servers", "tags", "customProperties", "contractCreatedTs",
            "authoritativeDefinitions");
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
            + "(-[0-9A-Za-z.-]+)?");
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
    /** The longest duration a contract may name: Kafka keeps retention in milliseconds, and no SLA is longer. */
    static final Duration MAX_DURATION = Duration.ofDays(36_500);

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

    /** Loads a contract from its text and its schema's. */
    public static Result load(Source source) {
        return new Reading(source).read();
    }

    /** The name of the schema file a contract refers to ({@code schema[0].avro}), if it names one. */
    public static Optional<String> schemaFileOf(String yaml) {
        try {
            Node node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
            return Optional.ofNullable(node).map(n -> new YamlNode(n, "")).flatMap(doc -> doc.get("schema"))
                    .flatMap(section -> section.items().stream().findFirst())
                    .flatMap(object -> object.get("avro")).map(YamlNode::text);
        } catch (YAMLException e) {
            return Optional.empty();
        }
    }

    /** The state of reading one contract: its file and the problems found so far. */
    private static final class Reading {

        private final Source source;
        private final Path file;
        private final List<ContractProblem> problems = new ArrayList<>();

        Reading(Source source) {
            this.source = source;
            this.file = source.path();
        }

        Result read() {
            Optional<YamlNode> root = parse();
            if (root.isEmpty()) {
                return failed();
            }
            YamlNode doc = root.get();
            if (!doc.isMapping()) {
                problem(doc, "a contract is a YAML mapping (key: value lines), not a list or a single value");
                return failed();
            }
            doc.entries().forEach((key, node) -> {
                if (!TOP_LEVEL_KEYS.contains(key)) {
                    problem(node, "unknown key '" + key + "'; an ODCS v3 contract has " + String.join(", ",
                            TOP_LEVEL_KEYS.stream().sorted().toList()));
                }
            });
            requireValue(doc, "apiVersion").ifPresent(v -> {
                if (!v.text().startsWith("v3")) {
                    problem(v, "apiVersion '" + v.text() + "' is not supported; use v3.0.2 (ODCS v3)");
                }
            });
            requireValue(doc, "kind").ifPresent(v -> {
                if (!"DataContract".equals(v.text())) {
                    problem(v, "kind must be DataContract");
                }
            });
            String domain = name(doc, "domain");
            String event = name(doc, "dataProduct");
            Integer major = version(doc);
            ProductName name = domain != null && event != null && major != null
                    ? new ProductName(domain, event, major) : null;
            requireValue(doc, "id").ifPresent(id -> {
                if (name != null && !name.topic().equals(id.text())) {
                    problem(id, "id '" + id.text() + "' must be the topic " + name.topic()
                            + " (<domain>.<dataProduct>.v<major of version>)");
                }
            });
            ContractStatus status = requireValue(doc, "status").map(v -> ContractStatus.of(v.text()).orElseGet(() -> {
                problem(v, "status '" + v.text() + "' is not one of draft, active, deprecated, retired");
                return null;
            })).orElse(null);
            String team = doc.get("team").flatMap(t -> requireValue(t, "name")).map(YamlNode::text).orElseGet(() -> {
                if (doc.get("team").isEmpty()) {
                    problem(doc, "team", "missing; name the owning team as team: {name: <team>}");
                }
                return null;
            });
            String description = doc.get("description").flatMap(d -> d.isScalar() ? Optional.of(d) : d.get("purpose"))
                    .map(YamlNode::text).orElse("");

            SchemaSection schema = schema(doc, name);
            List<QualityRule> rules = rules(doc);
            QualityRules compiled = schema.avro() == null ? null : compile(doc, schema.avro(), rules);
            Optional<Duration> freshness = sla(doc, "freshness");
            Optional<Duration> retention = sla(doc, "retention");
            KafkaServer kafka = kafka(doc);
            Optional<Derivation> derivation = schema.avro() == null ? Optional.empty() : derivation(doc, schema.avro());

            if (!problems.isEmpty()) {
                return failed();
            }
            DataContract contract = new DataContract(name, doc.get("version").orElseThrow().text(), status, team,
                    description, schema.avro(), schema.keyField(), schema.classifications(), rules, compiled, kafka,
                    freshness, retention, derivation, file);
            return new Result(Optional.of(contract), List.of());
        }

        private Optional<YamlNode> parse() {
            try (Reader reader = new StringReader(source.yaml())) {
                Node node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
                if (node == null) {
                    problems.add(new ContractProblem(file, 0, "", "the file is empty"));
                    return Optional.empty();
                }
                return Optional.of(new YamlNode(node, ""));
            } catch (MarkedYAMLException e) {
                int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
                problems.add(new ContractProblem(file, line, "", "not valid YAML: " + e.getProblem()));
            } catch (YAMLException e) {
                problems.add(new ContractProblem(file, 0, "", "not valid YAML: " + e.getMessage()));
            } catch (IOException e) {
                problems.add(new ContractProblem(file, 0, "", "cannot read the file: " + e.getMessage()));
            }
            return Optional.empty();
        }

        private String name(YamlNode doc, String key) {
            return requireValue(doc, key).map(v -> {
                Optional<String> problem = ProductName.checkName(key, v.text());
                problem.ifPresent(p -> problem(v, p));
                return problem.isEmpty() ? v.text() : null;
            }).orElse(null);
        }

        private Integer version(YamlNode doc) {
            return requireValue(doc, "version").map(v -> {
                Matcher m = SEMVER.matcher(v.text());
                if (!m.matches()) {
                    problem(v, "version '" + v.text() + "' is not a semantic version like 1.0.0");
                    return null;
                }
                int major = Integer.parseInt(m.group(1));
                if (major < 1) {
                    problem(v, "major version must be 1 or more: a data product starts at 1.0.0");
                    return null;
                }
                return major;
            }).orElse(null);
        }

        private record SchemaSection(Schema avro, Optional<String> keyField, Map<String, Classification> classifications) {
        }

        private SchemaSection schema(YamlNode doc, ProductName name) {
            SchemaSection none = new SchemaSection(null, Optional.empty(), Map.of());
            Optional<YamlNode> section = doc.get("schema");
            if (section.isEmpty()) {
                problem(doc, "schema", "missing; declare the event as schema: [{name: ..., avro: <file>.avsc}]");
                return none;
            }
            List<YamlNode> objects = section.get().items();
            if (!section.get().isSequence() || objects.size() != 1 || !objects.get(0).isMapping()) {
                problem(section.get(), "schema must be a list with exactly one object: the event of this product");
                return none;
            }
            YamlNode object = objects.get(0);
            object.get("physicalName").ifPresent(physical -> {
                if (name != null && !name.topic().equals(physical.text())) {
                    problem(physical, "physicalName '" + physical.text() + "' must be the topic " + name.topic()
                            + ", or be left out");
                }
            });
            Optional<YamlNode> avroEntry = requireValue(object, "avro");
            if (avroEntry.isEmpty()) {
                return none;
            }
            Schema avro = avro(avroEntry.get());
            if (avro == null) {
                return none;
            }
            Optional<String> key = object.get("key").map(k -> {
                Schema.Field field = avro.getField(k.text());
                if (field == null) {
                    problem(k, "key field '" + k.text() + "' is not a field of " + avro.getName() + "; fields are "
                            + FieldPaths.fieldNames(avro));
                } else if (!isKeyable(field.schema())) {
                    problem(k, "key field '" + k.text() + "' must be a string, number or enum, not "
                            + field.schema().getType().getName());
                }
                return k.text();
            });
            Map<String, Classification> classifications = new LinkedHashMap<>();
            object.get("properties").ifPresent(properties -> {
                if (!properties.isSequence()) {
                    problem(properties, "properties must be a list of {name: <field>, classification: <level>}");
                }
                for (YamlNode property : properties.items()) {
                    classify(property, avro, classifications);
                }
            });
            return new SchemaSection(avro, key, classifications);
        }

        private Schema avro(YamlNode entry) {
            Path avsc = file.resolveSibling(entry.text());
            Optional<String> text = source.siblings().apply(entry.text());
            if (text.isEmpty()) {
                problem(entry, "schema file " + avsc + " does not exist; put the .avsc beside the contract");
                return null;
            }
            Schema schema;
            try {
                schema = new Schema.Parser().parse(text.get());
            } catch (SchemaParseException e) {
                problems.add(new ContractProblem(avsc, 0, "", "not a valid Avro schema: " + e.getMessage()));
                return null;
            }
            if (schema.getType() != Schema.Type.RECORD) {
                problems.add(new ContractProblem(avsc, 0, "", "the event schema must be an Avro record, not "
                        + schema.getType().getName()));
                return null;
            }
            return schema;
        }

        private void classify(YamlNode property, Schema avro, Map<String, Classification> classifications) {
            Optional<YamlNode> field = requireValue(property, "name");
            Optional<YamlNode> level = requireValue(property, "classification");
            if (field.isEmpty() || level.isEmpty()) {
                return;
            }
            if (FieldPaths.resolve(avro, field.get().text()).isEmpty()) {
                problem(field.get(), "'" + field.get().text() + "' is not a field of " + avro.getName()
                        + " (nested fields are written as parent.child); fields are " + FieldPaths.fieldNames(avro));
                return;
            }
            Optional<Classification> classification = Classification.of(level.get().text());
            if (classification.isEmpty()) {
                problem(level.get(), "classification '" + level.get().text() + "' is not one of pii, restricted, public");
            } else if (classification.get() != Classification.PUBLIC) {
                classifications.put(field.get().text(), classification.get());
            }
        }

        private List<QualityRule> rules(YamlNode doc) {
            List<QualityRule> rules = new ArrayList<>();
            Optional<YamlNode> section = doc.get("quality");
            if (section.isEmpty()) {
                return rules;
            }
            if (!section.get().isSequence()) {
                problem(section.get(), "quality must be a list of rules");
                return rules;
            }
            Map<String, YamlNode> seen = new LinkedHashMap<>();
            for (YamlNode rule : section.get().items()) {
                Optional<YamlNode> name = requireValue(rule, "name");
                Optional<YamlNode> expression = requireValue(rule, "implementation");
                rule.get("engine").filter(e -> !"cel".equals(e.text()))
                        .ifPresent(e -> problem(e, "engine '" + e.text() + "' is not supported; rules are CEL: engine: cel"));
                rule.get("type").filter(t -> !"custom".equals(t.text()))
                        .ifPresent(t -> problem(t, "type '" + t.text() + "' is not supported; CEL rules are type: custom"));
                if (name.isEmpty() || expression.isEmpty()) {
                    continue;
                }
                if (seen.putIfAbsent(name.get().text(), rule) != null) {
                    problem(name.get(), "rule name '" + name.get().text() + "' is used twice; names must be unique");
                    continue;
                }
                String description = rule.get("description").map(YamlNode::text).orElse("");
                rules.add(new QualityRule(name.get().text(), expression.get().text(), description));
            }
            return rules;
        }

        private QualityRules compile(YamlNode doc, Schema avro, List<QualityRule> rules) {
            QualityRules.Result result = QualityRules.compile(avro, rules);
            List<YamlNode> nodes = doc.get("quality").map(YamlNode::items).orElse(List.of());
            for (RuleProblem ruleProblem : result.problems()) {
                YamlNode at = nodes.stream()
                        .filter(n -> n.get("name").map(YamlNode::text).filter(ruleProblem.rule()::equals).isPresent())
                        .findFirst()
                        .map(n -> n.get("implementation").orElse(n))
                        .orElse(doc);
                problem(at, "rule '" + ruleProblem.rule() + "' does not compile against " + avro.getName() + ": "
                        + ruleProblem.message().replace('\n', ' '));
            }
            return result.rules();
        }

        private Optional<Derivation> derivation(YamlNode doc, Schema output) {
            Optional<YamlNode> value = doc.get("customProperties").stream().flatMap(c -> c.items().stream())
                    .filter(p -> p.get("property").map(YamlNode::text).filter("derivation"::equals).isPresent())
                    .findFirst()
                    .flatMap(p -> p.get("value"));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            YamlNode spec = value.get();
            Optional<YamlNode> aggregate = spec.get("aggregate");
            Optional<YamlNode> enrich = spec.get("enrich");
            if (aggregate.isPresent() == enrich.isPresent()) {
                problem(spec, "a derivation is either aggregate: {...} or enrich: {...}");
                return Optional.empty();
            }
            return aggregate.isPresent() ? aggregation(aggregate.get(), output) : enrichment(enrich.get(), output);
        }

        private Optional<Derivation> aggregation(YamlNode spec, Schema output) {
            Optional<String> source = topic(spec, "source");
            Optional<String> groupBy = requireValue(spec, "groupBy").map(YamlNode::text);
            Optional<YamlNode> window = spec.get("window");
            if (window.isEmpty()) {
                problem(spec, qualified(spec, "window"), "missing; give the window as {size: PT5M} (tumbling) or"
                        + " {size: PT5M, advance: PT1M} (hopping)");
            }
            Optional<Duration> size = window.flatMap(w -> requireValue(w, "size")).flatMap(this::duration);
            Optional<Duration> advance = window.flatMap(w -> w.get("advance")).flatMap(this::duration).or(() -> size);
            Duration grace = window.flatMap(w -> w.get("grace")).flatMap(this::duration).orElse(Duration.ofSeconds(30));
            if (size.isPresent() && advance.isPresent() && advance.get().compareTo(size.get()) > 0) {
                problem(window.get(), "advance " + advance.get() + " is longer than the window's size " + size.get()
                        + "; windows would leave gaps");
            }
            List<Derivation.Measure> measures = new ArrayList<>();
            Optional<YamlNode> list = spec.get("measures");
            if (list.isEmpty() || !list.get().isSequence() || list.get().items().isEmpty()) {
                problem(spec, qualified(spec, "measures"), "give at least one measure as {name: orders, function: count}"
                        + " or {name: revenue, function: sum, field: price.total}");
            }
            for (YamlNode m : list.map(YamlNode::items).orElse(List.of())) {
                measure(m, output).ifPresent(measures::add);
            }
            groupBy.ifPresent(g -> {
                String keyField = g.substring(g.lastIndexOf('.') + 1);
                requireOutput(spec, output, keyField, Schema.Type.STRING, "the key " + g);
            });
            requireOutput(spec, output, Derivation.Aggregation.WINDOW_START, Schema.Type.LONG, "the window's start");
            requireOutput(spec, output, Derivation.Aggregation.WINDOW_END, Schema.Type.LONG, "the window's end");
            if (source.isEmpty() || groupBy.isEmpty() || size.isEmpty() || measures.size() != list.map(l -> l.items().size())
                    .orElse(-1)) {
                return Optional.empty();
            }
            return Optional.of(new Derivation.Aggregation(source.get(), groupBy.get(), size.get(), advance.get(), grace,
                    measures));
        }

        private Optional<Derivation.Measure> measure(YamlNode m, Schema output) {
            Optional<YamlNode> name = requireValue(m, "name");
            Optional<YamlNode> function = requireValue(m, "function");
            Optional<String> field = m.get("field").map(YamlNode::text);
            if (name.isEmpty() || function.isEmpty()) {
                return Optional.empty();
            }
            Derivation.Function f;
            try {
                f = Derivation.Function.valueOf(function.get().text().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(function.get(), "function '" + function.get().text() + "' is not one of count, sum, avg, min, max");
                return Optional.empty();
            }
            if (f != Derivation.Function.COUNT && field.isEmpty()) {
                problem(m, qualified(m, "field"), f.yamlName() + " needs the source field it is computed over");
                return Optional.empty();
            }
            boolean ok = requireOutput(m, output, name.get().text(),
                    f == Derivation.Function.COUNT ? Schema.Type.LONG : Schema.Type.DOUBLE, "the measure");
            return ok ? Optional.of(new Derivation.Measure(name.get().text(), f, field)) : Optional.empty();
        }

        private Optional<Derivation> enrichment(YamlNode spec, Schema output) {
            Optional<String> stream = topic(spec, "stream");
            Optional<String> table = topic(spec, "table");
            Optional<String> joinKey = requireValue(spec, "joinKey").map(YamlNode::text);
            Duration grace = spec.get("grace").flatMap(this::duration).orElse(Duration.ofSeconds(10));
            Derivation.OnMissing onMissing = spec.get("onMissing").map(v -> {
                try {
                    return Derivation.OnMissing.valueOf(v.text().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(v, "onMissing '" + v.text() + "' is not one of emit, drop");
                    return Derivation.OnMissing.EMIT;
                }
            }).orElse(Derivation.OnMissing.EMIT);
            Map<String, String> fields = new LinkedHashMap<>();
            Optional<YamlNode> mapping = spec.get("fields");
            if (mapping.isEmpty() || !mapping.get().isMapping() || mapping.get().entries().isEmpty()) {
                problem(spec, qualified(spec, "fields"), "map each output field to the table field it is copied from,"
                        + " e.g. {customerSegment: segment, customerCity: address.city}");
            }
            mapping.map(YamlNode::entries).orElse(Map.of()).forEach((name, path) -> {
                Schema.Field field = output.getField(name);
                if (field == null) {
                    problem(path, "'" + name + "' is not a field of " + output.getName() + "; fields are "
                            + FieldPaths.fieldNames(output));
                } else if (onMissing == Derivation.OnMissing.EMIT && !FieldPaths.nullable(field.schema())) {
                    problem(path, "'" + name + "' must be nullable ([\"null\", ...]): with onMissing: emit it is null"
                            + " for events whose table row has not arrived");
                } else {
                    fields.put(name, path.text());
                }
            });
            if (stream.isEmpty() || table.isEmpty() || joinKey.isEmpty() || fields.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Derivation.Enrichment(stream.get(), table.get(), joinKey.get(), fields, grace, onMissing));
        }

        private Optional<String> topic(YamlNode spec, String key) {
            return requireValue(spec, key).flatMap(v -> {
                try {
                    return Optional.of(ProductName.parse(v.text()).topic());
                } catch (IllegalArgumentException e) {
                    problem(v, e.getMessage());
                    return Optional.empty();
                }
            });
        }

        private boolean requireOutput(YamlNode at, Schema output, String name, Schema.Type type, String what) {
            Schema.Field field = output.getField(name);
            Schema.Type actual = field == null ? null : FieldPaths.nonNull(field.schema()).getType();
            if (actual != type) {
                problem(at, output.getName() + " must have a field " + name + " of type " + type.getName() + " for "
                        + what + (field == null ? "; fields are " + FieldPaths.fieldNames(output)
                        : ", not " + actual.getName()));
                return false;
            }
            return true;
        }

        private Optional<Duration> sla(YamlNode doc, String property) {
            Optional<YamlNode> section = doc.get("slaProperties");
            if (section.isEmpty()) {
                return Optional.empty();
            }
            for (YamlNode sla : section.get().items()) {
                if (sla.get("property").map(YamlNode::text).filter(property::equals).isPresent()) {
                    return requireValue(sla, "value").flatMap(this::duration);
                }
            }
            return Optional.empty();
        }

        private KafkaServer kafka(YamlNode doc) {
            Optional<YamlNode> kafka = doc.get("servers").stream().flatMap(s -> s.items().stream())
                    .filter(s -> s.get("type").map(YamlNode::text).filter("kafka"::equals).isPresent())
                    .findFirst();
            if (kafka.isEmpty()) {
                return KafkaServer.DEFAULT;
            }
            YamlNode server = kafka.get();
            int partitions = server.get("partitions").map(p -> {
                try {
                    int value = Integer.parseInt(p.text());
                    if (value >= 1 && value <= 1000) {
                        return value;
                    }
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
                problem(p, "partitions must be a whole number from 1 to 1000, is '" + p.text() + "'");
                return KafkaServer.DEFAULT.partitions();
            }).orElse(KafkaServer.DEFAULT.partitions());
            Duration retention = server.get("retention").flatMap(this::duration).orElse(KafkaServer.DEFAULT.retention());
            String cleanupPolicy = server.get("cleanupPolicy").map(c -> {
                if (!Set.of("delete", "compact").contains(c.text())) {
                    problem(c, "cleanupPolicy must be delete or compact, is '" + c.text() + "'");
                }
                return c.text();
            }).orElse(KafkaServer.DEFAULT.cleanupPolicy());
            return new KafkaServer(partitions, retention, cleanupPolicy);
        }

        private Optional<Duration> duration(YamlNode value) {
            if (!value.isScalar()) {
                problem(value, "must be an ISO-8601 duration such as PT5M, PT48H or P7D");
                return Optional.empty();
            }
            try {
                Duration duration = Duration.parse(value.text());
                if (duration.isNegative() || duration.isZero()) {
                    problem(value, "'" + value.text() + "' must be a positive duration");
                    return Optional.empty();
                }
                if (duration.compareTo(MAX_DURATION) > 0) {
                    problem(value, "'" + value.text() + "' is longer than the " + MAX_DURATION.toDays()
                            + " days (100 years) a duration may be");
                    return Optional.empty();
                }
                return Optional.of(duration);
            } catch (DateTimeParseException e) {
                problem(value, "'" + value.text() + "' is not an ISO-8601 duration such as PT5M, PT48H or P7D");
                return Optional.empty();
            }
        }

        private Optional<YamlNode> requireValue(YamlNode parent, String key) {
            Optional<YamlNode> value = parent.get(key);
            if (value.isEmpty()) {
                problem(parent, qualified(parent, key), "required, but missing");
                return Optional.empty();
            }
            if (!value.get().isScalar() || value.get().text().isBlank()) {
                problem(value.get(), "must be a single value");
                return Optional.empty();
            }
            return value;
        }

        private void problem(YamlNode at, String message) {
            problems.add(new ContractProblem(file, at.line(), at.path(), message));
        }

        private void problem(YamlNode at, String field, String message) {
            problems.add(new ContractProblem(file, at.line(), field, message));
        }

        private static String qualified(YamlNode parent, String key) {
            return parent.path().isEmpty() ? key : parent.path() + "." + key;
        }

        private Result failed() {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
    }

    private static boolean isKeyable(Schema schema) {
        return switch (FieldPaths.nonNull(schema).getType()) {
            case STRING, INT, LONG, ENUM -> true;
            default -> false;
        };
    }

}
