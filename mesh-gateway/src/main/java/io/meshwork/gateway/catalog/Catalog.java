package io.meshwork.gateway.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.ApplyReport;
import io.meshwork.core.api.ContractFile;
import io.meshwork.core.api.DomainFile;
import io.meshwork.core.catalog.CatalogKey;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.ContractProblem;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.contract.DerivationCheck;
import io.meshwork.core.contract.DomainDefinition;
import io.meshwork.core.contract.DomainLoader;
import io.meshwork.core.contract.ProductShape;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ControlLog;
import io.meshwork.gateway.audit.AuditEvent;
import io.meshwork.gateway.audit.AuditLog;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.registry.RegistryException;
import io.meshwork.gateway.registry.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * The data products of the mesh. Applying a contract is idempotent: it validates the contract,
 * checks that the caller acts for its domain, registers its schema (refused when incompatible),
 * makes its topic match, records it in {@code _mesh.catalog} and audits the change; applying the
 * same contract again changes nothing.
 */
public final class Catalog implements AutoCloseable {

    /** The compacted topic that holds the catalog, one record per product version. */
    public static final String TOPIC = "_mesh.catalog";
    private static final Logger LOG = Logger.getLogger(Catalog.class);

    private final ObjectMapper json = MeshJson.mapper();
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Map<String, Domain> domains = new ConcurrentHashMap<>();
    private final Map<String, Unloadable> unloadableProducts = new ConcurrentHashMap<>();
    private final Map<String, Unloadable> unloadableDomains = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final SchemaRegistry registry;
    private final Admin admin;
    private final TopicLayout topics;
    private final AuditLog audit;
    private final ControlLog log;

    /**
     * @param manageTopics whether applying a contract creates and changes its topic, or (where
     *                     Strimzi's Topic Operator owns them) only checks that it is as the contract says
     */
    public Catalog(Map<String, Object> kafkaConfig, String transactionalId, SchemaRegistry registry,
                   ControlLog.Settings settings, Clock clock, boolean manageTopics) {
        this.registry = registry;
        this.admin = Admin.create(kafkaConfig);
        this.topics = new TopicLayout(admin, manageTopics);
        this.audit = new AuditLog(kafkaConfig);
        this.log = new ControlLog(TOPIC, kafkaConfig, transactionalId, this::applyRecord, settings, clock);
    }

    /** Connects, reads {@code _mesh.catalog} and returns once caught up. */
    public Catalog start() {
        audit.start();
        log.start();
        log.catchUp();
        return this;
    }

    public boolean ready() {
        return log.isCaughtUp();
    }

    /** The products, by topic; of one domain, and matching a search in topic, team or description, if given. */
    public List<Product> products(Optional<String> domain, Optional<String> query) {
        return products.values().stream()
                .filter(p -> domain.map(p.contract().domain()::equals).orElse(true))
                .filter(p -> query.map(q -> matches(p, q)).orElse(true))
                .sorted(Comparator.comparing(p -> p.contract().topic()))
                .toList();
    }

    public Optional<Product> product(String topic) {
        return Optional.ofNullable(products.get(topic));
    }

    /** A domain of the mesh as its definition declares it, and how it was applied. */
    public record Domain(DomainDefinition definition, DomainEntry entry) {
    }

    /** The domain's definition, if one was applied. */
    public Optional<Domain> domain(String name) {
        return Optional.ofNullable(domains.get(name));
    }

    /** Every applied domain definition, by name. */
    public List<Domain> domains() {
        return domains.values().stream().sorted(Comparator.comparing(d -> d.definition().name())).toList();
    }

    /** The stored contracts that no longer load, by topic. */
    public List<Unloadable> unloadableProducts() {
        return unloadableProducts.values().stream().sorted(Comparator.comparing(Unloadable::name)).toList();
    }

    /** The stored contract of a topic, if it no longer loads. */
    public Optional<Unloadable> unloadableProduct(String topic) {
        return Optional.ofNullable(unloadableProducts.get(topic));
    }

    /** The stored domain definitions that no longer load, by name. */
    public List<Unloadable> unloadableDomains() {
        return unloadableDomains.values().stream().sorted(Comparator.comparing(Unloadable::name)).toList();
    }

    /** The stored definition of a domain, if it no longer loads. */
    public Optional<Unloadable> unloadableDomain(String name) {
        return Optional.ofNullable(unloadableDomains.get(name));
    }

    /** Counts every change read from the log, so that watchers can tell when to look again. */
    public long changes() {
        return changes.get();
    }

    /**
     * Applies contracts, or plans it when {@code dryRun}. All of them are checked before anything
     * changes: one invalid contract, one not of the caller's domains, or one incompatible schema
     * and nothing is applied.
     */
    public ApplyReport apply(Caller caller, List<ContractFile> files, List<DomainFile> domainFiles, boolean dryRun,
                             String reason) {
        List<ContractFile> contractFiles = files == null ? List.of() : files;
        List<DomainFile> definitionFiles = domainFiles == null ? List.of() : domainFiles;
        if (contractFiles.isEmpty() && definitionFiles.isEmpty()) {
            throw new ProblemException(400, "Nothing to apply", "send contracts, domains or both: {\"contracts\":"
                    + " [{\"path\": ..., \"yaml\": ..., \"schemas\": {...}}], \"domains\": [{\"path\": ..., \"yaml\": ...}]}");
        }
        List<String> problems = new ArrayList<>();
        List<DomainPlan> domainPlans = planDomains(definitionFiles, problems);
        List<Sent> contracts = validate(contractFiles, problems);
        checkDerivations(contracts, problems);
        if (!problems.isEmpty()) {
            throw new ProblemException(422, "Invalid contracts", problems.size() + " problem(s) in the contracts;"
                    + " nothing was applied", problems);
        }
        for (DomainPlan plan : domainPlans) {
            if (!caller.actsFor(plan.definition().name())) {
                throw new ProblemException(403, "Not your domain", caller.describe() + " does not act for domain "
                        + plan.definition().name() + "; apply its definition with a token of that domain");
            }
        }
        for (DataContract contract : contracts.stream().map(Sent::contract).toList()) {
            if (!caller.actsFor(contract.domain())) {
                throw new ProblemException(403, "Not your domain", contract.topic() + " belongs to domain "
                        + contract.domain() + ", and " + caller.describe() + " does not act for it; apply it with a"
                        + " token of the " + contract.domain() + " domain");
            }
        }
        List<Plan> plans = contracts.stream().map(this::plan).toList();
        if (!dryRun) {
            domainPlans.forEach(plan -> execute(plan, caller, reason));
            plans.forEach(plan -> execute(plan, caller, reason));
        }
        return new ApplyReport(dryRun, plans.stream().map(Plan::outcome).toList(),
                domainPlans.stream().map(DomainPlan::outcome).toList());
    }

    /** What applying one domain definition takes. */
    private record DomainPlan(DomainDefinition definition, DomainFile file, List<String> changes) {

        ApplyReport.Outcome outcome() {
            String action = changes.isEmpty() ? "unchanged"
                    : changes.get(0).startsWith("record") ? "created" : "updated";
            return new ApplyReport.Outcome(definition.name(), action, changes);
        }
    }

    private List<DomainPlan> planDomains(List<DomainFile> files, List<String> problems) {
        List<DomainPlan> plans = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            DomainFile file = files.get(i);
            if (file == null || file.path() == null || file.yaml() == null) {
                problems.add("domains[" + i + "]: a domain definition needs a path and its yaml");
                continue;
            }
            Optional<Path> path = path(file.path(), "domains[" + i + "]", problems);
            if (path.isEmpty()) {
                continue;
            }
            DomainLoader.Result result = DomainLoader.load(path.get(), file.yaml());
            result.problems().stream().map(ContractProblem::toString).forEach(problems::add);
            result.domain().ifPresent(definition -> {
                Domain existing = domains.get(definition.name());
                List<String> changes = existing == null
                        ? List.of("record domain " + definition.name() + " (team " + definition.team() + ")")
                        : existing.entry().yaml().equals(file.yaml()) ? List.of()
                        : List.of("update domain " + definition.name());
                plans.add(new DomainPlan(definition, file, changes));
            });
        }
        return plans;
    }

    private void execute(DomainPlan plan, Caller caller, String reason) {
        if (plan.changes().isEmpty()) {
            return;
        }
        String name = plan.definition().name();
        DomainEntry entry = new DomainEntry(name, plan.file().path(), plan.file().yaml(), caller.principal(), Instant.now());
        log.write(() -> new ControlLog.Decision<>(entry, List.of(new ControlLog.Entry(CatalogKey.domain(name), entry))));
        audit.record(new AuditEvent(Instant.now(), caller.principal(), "domain.applied", name,
                reason == null || reason.isBlank() ? "(no reason given)" : reason, plan.changes()));
    }

    /** A valid contract and the text it was sent as. */
    private record Sent(DataContract contract, ContractFile file) {

        String schemaFile() {
            return ContractLoader.schemaFileOf(file.yaml()).orElseThrow();
        }

        String schemaText() {
            return file.schemas().get(schemaFile());
        }
    }

    /** What applying one contract takes. */
    private record Plan(Sent sent, boolean newProduct, Optional<Integer> schemaId, Optional<TopicLayout.Current> topic,
                        List<String> topicChanges, boolean recordProduct, List<String> changes) {

        DataContract contract() {
            return sent.contract();
        }

        ApplyReport.Outcome outcome() {
            String action = changes.isEmpty() ? "unchanged" : newProduct ? "created" : "updated";
            return new ApplyReport.Outcome(contract().topic(), action, changes);
        }
    }

    private List<Sent> validate(List<ContractFile> files, List<String> problems) {
        List<Sent> contracts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            ContractFile file = files.get(i);
            if (file == null || file.path() == null || file.yaml() == null) {
                problems.add("contracts[" + i + "]: a contract needs a path, its yaml and its schemas");
                continue;
            }
            if (file.schemas() != null && file.schemas().values().stream().anyMatch(Objects::isNull)) {
                problems.add("contracts[" + i + "]: " + file.path() + ": a schema file without its text");
                continue;
            }
            Optional<Path> path = path(file.path(), "contracts[" + i + "]", problems);
            if (path.isEmpty()) {
                continue;
            }
            ContractLoader.Result result = ContractLoader.load(ContractLoader.Source.of(path.get(), file.yaml(),
                    file.schemas() == null ? Map.of() : file.schemas()));
            result.problems().stream().map(ContractProblem::toString).forEach(problems::add);
            result.contract().ifPresent(contract -> {
                if (seen.add(contract.topic())) {
                    contracts.add(new Sent(contract, file));
                } else {
                    problems.add(file.path() + ": " + contract.topic() + " is sent twice");
                }
            });
        }
        return contracts;
    }

    /** The path a file was sent with, or a problem when it cannot name a file. */
    private static Optional<Path> path(String sent, String where, List<String> problems) {
        try {
            return Optional.of(Path.of(sent));
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(where + ": path " + e.getReason());
            return Optional.empty();
        }
    }

    /** Checks derived contracts against their sources, sent in the same request or already in the catalog. */
    private void checkDerivations(List<Sent> contracts, List<String> problems) {
        Map<String, DataContract> sent = new HashMap<>();
        contracts.forEach(c -> sent.put(c.contract().topic(), c.contract()));
        Function<String, Optional<? extends ProductShape>> lookup = topic -> Optional.ofNullable(sent.get(topic))
                .or(() -> product(topic).map(Product::contract));
        for (Sent c : contracts) {
            DerivationCheck.problems(c.contract(), lookup).forEach(p -> problems.add(c.file().path() + ": " + p));
        }
    }

    private Plan plan(Sent sent) {
        DataContract contract = sent.contract();
        List<String> changes = new ArrayList<>();
        String schema = contract.schema().toString();
        Optional<Integer> schemaId = registeredId(contract.subject(), schema);
        if (schemaId.isEmpty()) {
            SchemaRegistry.CompatibilityResult compatibility = registry.testCompatibility(contract.subject(), null, schema);
            if (!compatibility.compatible()) {
                throw new ProblemException(409, "Incompatible schema", "the schema of " + contract.topic()
                        + " breaks compatibility (" + registry.config(contract.subject(), true) + ") with its earlier"
                        + " versions; a breaking change belongs in a new major version, as a new contract",
                        compatibility.messages());
            }
            changes.add("register a new schema version under " + contract.subject());
        }
        Optional<TopicLayout.Current> topic = topics.describe(contract.topic());
        List<String> topicChanges = topics.plan(contract.topic(), contract.kafka(), topic);
        changes.addAll(topicChanges);
        Product existing = products.get(contract.topic());
        boolean recordProduct = existing == null || !existing.entry().yaml().equals(sent.file().yaml())
                || !existing.entry().schema().equals(sent.schemaText()) || schemaId.isEmpty();
        if (existing == null) {
            changes.add("record " + contract.topic() + " " + contract.version() + " (" + contract.status().yamlName()
                    + ") in the catalog");
        } else if (recordProduct) {
            DataContract before = existing.contract();
            if (before.status() != contract.status()) {
                changes.add("status " + before.status().yamlName() + " -> " + contract.status().yamlName());
            }
            changes.add(before.version().equals(contract.version())
                    ? "contract changed (version still " + contract.version() + ")"
                    : "contract " + before.version() + " -> " + contract.version());
        }
        return new Plan(sent, existing == null, schemaId, topic, topicChanges, recordProduct, changes);
    }

    private void execute(Plan plan, Caller caller, String reason) {
        if (plan.changes().isEmpty()) {
            return;
        }
        DataContract contract = plan.contract();
        int schemaId = plan.schemaId().orElseGet(() ->
                registry.register(caller, contract.subject(), contract.schema().toString(), "AVRO", null));
        if (plan.topic().isEmpty() || !plan.topicChanges().isEmpty()) {
            topics.apply(contract.topic(), contract.kafka(), plan.topic());
        }
        if (plan.recordProduct()) {
            Sent sent = plan.sent();
            CatalogEntry entry = new CatalogEntry(contract.topic(), sent.file().path(), sent.file().yaml(),
                    sent.schemaFile(), sent.schemaText(), schemaId, caller.principal(), Instant.now());
            log.write(() -> new ControlLog.Decision<>(entry, List.of(new ControlLog.Entry(CatalogKey.product(
                    contract.topic()), entry))));
        }
        audit.record(new AuditEvent(Instant.now(), caller.principal(), "contract.applied", contract.topic(),
                reason == null || reason.isBlank() ? "(no reason given)" : reason, plan.changes()));
        LOG.infof("%s applied %s: %s", caller.describe(), contract.topic(), plan.changes());
    }

    private Optional<Integer> registeredId(String subject, String schema) {
        try {
            return Optional.of(registry.lookup(subject, schema, false).id());
        } catch (RegistryException notRegistered) {
            if (notRegistered.errorCode() == 40401 || notRegistered.errorCode() == 40403) {
                return Optional.empty();
            }
            throw notRegistered;
        }
    }

    private void applyRecord(long offset, byte[] key, byte[] value) {
        changes.incrementAndGet();
        try {
            CatalogKey parsedKey = json.readValue(key, CatalogKey.class);
            if (parsedKey.isDomain()) {
                applyDomain(offset, parsedKey.domain(), value);
                return;
            }
            String topic = parsedKey.topic();
            if (value == null) {
                products.remove(topic);
                unloadableProducts.remove(topic);
                return;
            }
            CatalogEntry entry = json.readValue(value, CatalogEntry.class);
            ContractLoader.Result result = ContractLoader.load(ContractLoader.Source.of(Path.of(entry.path()),
                    entry.yaml(), Map.of(entry.schemaFile(), entry.schema())));
            if (result.contract().isEmpty()) {
                LOG.errorf("The stored contract of %s (offset %d of %s) no longer loads; it stays in the catalog, marked"
                        + " unloadable, until its domain applies it again: %s", topic, offset, TOPIC, result.problems());
                products.remove(topic);
                unloadableProducts.put(topic, new Unloadable(topic, entry.path(), result.problems().stream()
                        .map(ContractProblem::toString).toList(), entry.appliedBy(), entry.appliedAt()));
                return;
            }
            unloadableProducts.remove(topic);
            products.put(topic, new Product(result.contract().get(), entry));
        } catch (IOException e) {
            LOG.warnf("Skipping an unreadable record at offset %d of %s: %s", offset, TOPIC, e.getMessage());
        }
    }

    private void applyDomain(long offset, String name, byte[] value) throws IOException {
        if (value == null) {
            domains.remove(name);
            unloadableDomains.remove(name);
            return;
        }
        DomainEntry entry = json.readValue(value, DomainEntry.class);
        DomainLoader.Result result = DomainLoader.load(Path.of(entry.path()), entry.yaml());
        if (result.domain().isEmpty()) {
            LOG.errorf("The stored definition of domain %s (offset %d of %s) no longer loads; the domain's products take"
                    + " no events until it is applied again: %s", name, offset, TOPIC, result.problems());
            domains.remove(name);
            unloadableDomains.put(name, new Unloadable(name, entry.path(), result.problems().stream()
                    .map(ContractProblem::toString).toList(), entry.appliedBy(), entry.appliedAt()));
            return;
        }
        unloadableDomains.remove(name);
        domains.put(name, new Domain(result.domain().get(), entry));
    }

    private static boolean matches(Product product, String query) {
        String q = query.toLowerCase();
        DataContract c = product.contract();
        return c.topic().contains(q) || c.team().toLowerCase().contains(q) || c.description().toLowerCase().contains(q);
    }

    @Override
    public void close() {
        log.close();
        audit.close();
        admin.close();
    }
}
