package io.meshwork.gateway.registry;

import io.meshwork.core.kafka.ControlLog;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.core.naming.ProductName;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.registry.Compatibility.VersionedSchema;
import io.meshwork.gateway.registry.LogRecord.ConfigValue;
import io.meshwork.gateway.registry.LogRecord.Key;
import io.meshwork.gateway.registry.LogRecord.ModeValue;
import io.meshwork.gateway.registry.LogRecord.NextIdValue;
import io.meshwork.gateway.registry.LogRecord.SchemaValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.jboss.logging.Logger;

/**
 * The registry's operations, with Confluent's semantics and the mesh's governance: a subject
 * belongs to the domain of its topic, and only that domain or an admin may change it.
 */
public final class SchemaRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SchemaRegistry.class);
    private static final String[] SUBJECT_SUFFIXES = {"-value", "-key"};

    /** A subject's version as the API shows it. */
    public record Version(String subject, int version, int id, String schema, boolean deleted) {

        static Version of(SchemaValue value) {
            return new Version(value.subject(), value.version(), value.id(), value.schema(), value.deleted());
        }
    }

    /** The outcome of a compatibility test. */
    public record CompatibilityResult(boolean compatible, List<String> messages) {
    }

    /** The compacted topic that holds the registry. */
    public static final String TOPIC = "_mesh.schemas";

    private final RegistryState state = new RegistryState();
    private final ControlLog log;

    /**
     * @param kafkaConfig client settings, at least {@code bootstrap.servers}
     * @param transactionalId the id all replicas share to take the writer role
     */
    public SchemaRegistry(Map<String, Object> kafkaConfig, String transactionalId, ControlLog.Settings settings,
                          Clock clock) {
        this.log = new ControlLog(TOPIC, kafkaConfig, transactionalId,
                (offset, key, value) -> LogRecord.decode(offset, key, value)
                        .ifPresent(read -> state.apply(read.key(), read.value())), settings, clock);
    }

    /** A registry with the default settings, for tools and tests; {@link #start} it. */
    public SchemaRegistry(Map<String, Object> kafkaConfig, String transactionalId) {
        this(kafkaConfig, transactionalId, ControlLog.Settings.DEFAULTS, Clock.systemUTC());
    }

    /**
     * Connects to Kafka, creates or verifies {@code _mesh.schemas} (compacted: a delete policy would
     * expire schemas) and returns once caught up.
     */
    public SchemaRegistry start() {
        try {
            log.start();
            log.catchUp();
            return this;
        } catch (ControlLogUnavailableException e) {
            log.close();
            throw RegistryException.unavailable(e.getMessage());
        }
    }

    /** Whether this replica has read the log to its end, i.e. serves current data. */
    public boolean ready() {
        return log.isCaughtUp();
    }

    // Schemas by id

    public String schemaById(int id) {
        return state.read(s -> s.schema(id)).orElseThrow(() -> RegistryException.schemaNotFound("with id " + id));
    }

    public List<Version> usesOfId(int id, boolean includeDeleted) {
        schemaById(id);
        return state.read(s -> s.usesOf(id, includeDeleted)).stream().map(Version::of)
                .sorted(Comparator.comparing(Version::subject).thenComparing(Version::version)).toList();
    }

    // Subjects and versions

    public List<String> subjects(boolean includeDeleted, String prefix) {
        return state.read(s -> s.subjects(includeDeleted)).stream()
                .filter(subject -> prefix == null || subject.startsWith(prefix))
                .toList();
    }

    public List<Integer> versions(String subject, boolean includeDeleted) {
        List<SchemaValue> versions = state.read(s -> s.versions(subject, includeDeleted));
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaValue::version).toList();
    }

    public Version version(String subject, String version, boolean includeDeleted) {
        return Version.of(state.read(s -> find(s, subject, version, includeDeleted)));
    }

    /** The version of a subject that has this schema (Confluent's {@code POST /subjects/{subject}}). */
    public Version lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = canonical(parse(schemaText));
        return state.read(s -> {
            List<SchemaValue> versions = s.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            return versions.stream().filter(v -> v.schema().equals(canonical)).reduce((a, b) -> b).map(Version::of)
                    .orElseThrow(() -> RegistryException.schemaNotFound("under subject '" + subject + "'"));
        });
    }

    /**
     * Registers a schema under a subject and returns its id: the existing version's id when the
     * subject already has this schema, else a new version, with the id the schema has anywhere
     * in the registry or a new one.
     *
     * @param overrideReason an admin's reason to register despite failing the compatibility check
     */
    public int register(Caller caller, String subject, String schemaText, String schemaType, String overrideReason) {
        return register(caller, subject, schemaText, schemaType, overrideReason, null, null);
    }

    /**
     * Registers a schema; in {@link Mode#IMPORT} mode, with the id and version it had in the
     * registry it is imported from, and without a compatibility check (the history is taken as it
     * was). An id may be imported again only for the same schema.
     */
    public int register(Caller caller, String subject, String schemaText, String schemaType, String overrideReason,
                        Integer importId, Integer importVersion) {
        authorizeWrite(caller, subject);
        if (schemaType != null && !"AVRO".equalsIgnoreCase(schemaType)) {
            throw RegistryException.invalidSchema("schema type " + schemaType + " is not supported; Meshwork's"
                    + " registry holds AVRO schemas");
        }
        if (overrideReason != null && !caller.admin()) {
            throw RegistryException.forbidden("only an admin may override the compatibility check");
        }
        Schema schema = parse(schemaText);
        String canonical = canonical(schema);
        return write(s -> {
            requireWritable(s, subject);
            if (importId != null || importVersion != null) {
                return importVersion(s, caller, subject, canonical, importId, importVersion);
            }
            List<SchemaValue> live = s.versions(subject, false);
            Optional<SchemaValue> same = live.stream().filter(v -> v.schema().equals(canonical)).findFirst();
            if (same.isPresent()) {
                return ControlLog.Decision.nothingToWrite(same.get().id());
            }
            CompatibilityLevel level = s.effectiveLevel(subject);
            List<String> problems = Compatibility.check(level, schema, live.stream()
                    .map(v -> new VersionedSchema(v.version(), parse(v.schema()))).toList());
            if (!problems.isEmpty() && overrideReason == null) {
                throw RegistryException.incompatible(incompatibleMessage(subject, level, problems), problems);
            }
            List<ControlLog.Entry> records = new ArrayList<>();
            int id = s.idOf(canonical).orElseGet(() -> {
                int next = s.lastId() + 1;
                records.add(new ControlLog.Entry(Key.nextId(), new NextIdValue(next)));
                return next;
            });
            int version = s.versions(subject, true).stream().mapToInt(SchemaValue::version).max().orElse(0) + 1;
            records.add(new ControlLog.Entry(Key.schema(subject, version), new SchemaValue(subject, version, id,
                    canonical, false, caller.principal(), problems.isEmpty() ? null : overrideReason)));
            if (!problems.isEmpty()) {
                LOG.warnf("%s overrode %s compatibility of %s version %d: %s", caller.describe(), level, subject,
                        version, overrideReason);
            }
            return new ControlLog.Decision<>(id, records);
        });
    }

    private static ControlLog.Decision<Integer> importVersion(RegistryState s, Caller caller, String subject,
                                                            String canonical, Integer id, Integer version) {
        if (s.effectiveMode(subject) != Mode.IMPORT) {
            throw RegistryException.operationNotPermitted("a schema id or version may be given only when subject "
                    + subject + " (or the registry) is in IMPORT mode");
        }
        if (id == null || version == null || id < 1 || version < 1) {
            throw RegistryException.invalidSchema("an import names both a positive id and a positive version");
        }
        Optional<String> existing = s.schema(id);
        if (existing.isPresent() && !existing.get().equals(canonical)) {
            throw RegistryException.operationNotPermitted("schema id " + id + " already names another schema;"
                    + " an id may be imported again only for the same schema");
        }
        Optional<Integer> otherId = s.idOf(canonical).filter(other -> !other.equals(id));
        if (otherId.isPresent()) {
            throw RegistryException.operationNotPermitted("this schema already has id " + otherId.get()
                    + "; it cannot also be imported as id " + id);
        }
        Optional<SchemaValue> taken = s.version(subject, version);
        if (taken.isPresent()) {
            if (taken.get().id() == id) {
                return ControlLog.Decision.nothingToWrite(id);
            }
            throw RegistryException.operationNotPermitted("subject " + subject + " already has version " + version);
        }
        List<ControlLog.Entry> records = new ArrayList<>();
        if (id > s.lastId()) {
            records.add(new ControlLog.Entry(Key.nextId(), new NextIdValue(id)));
        }
        records.add(new ControlLog.Entry(Key.schema(subject, version),
                new SchemaValue(subject, version, id, canonical, false, caller.principal(), null)));
        return new ControlLog.Decision<>(id, records);
    }

    /** Deletes every version of a subject: softly first, permanently once soft-deleted. */
    public List<Integer> deleteSubject(Caller caller, String subject, boolean permanent) {
        authorizeWrite(caller, subject);
        return write(s -> {
            requireDeletable(s, subject);
            List<SchemaValue> all = s.versions(subject, true);
            List<SchemaValue> live = s.versions(subject, false);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<ControlLog.Entry> records = new ArrayList<>();
            if (permanent) {
                if (!live.isEmpty()) {
                    throw RegistryException.subjectNotSoftDeleted(subject);
                }
                all.forEach(v -> records.add(new ControlLog.Entry(Key.schema(subject, v.version()), null)));
                s.level(subject).ifPresent(l -> records.add(new ControlLog.Entry(Key.config(subject), null)));
                s.mode(subject).ifPresent(m -> records.add(new ControlLog.Entry(Key.mode(subject), null)));
                return new ControlLog.Decision<>(all.stream().map(SchemaValue::version).toList(), records);
            }
            if (live.isEmpty()) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            live.forEach(v -> records.add(new ControlLog.Entry(Key.schema(subject, v.version()), v.softDeleted())));
            return new ControlLog.Decision<>(live.stream().map(SchemaValue::version).toList(), records);
        });
    }

    /** Deletes one version: softly first, permanently once soft-deleted. */
    public int deleteVersion(Caller caller, String subject, String version, boolean permanent) {
        authorizeWrite(caller, subject);
        return write(s -> {
            requireDeletable(s, subject);
            SchemaValue found = find(s, subject, version, true);
            Key key = Key.schema(subject, found.version());
            if (permanent) {
                if (!found.deleted()) {
                    throw RegistryException.versionNotSoftDeleted(subject, found.version());
                }
                return new ControlLog.Decision<>(found.version(), List.of(new ControlLog.Entry(key, null)));
            }
            if (found.deleted()) {
                throw RegistryException.versionSoftDeleted(subject, found.version());
            }
            return new ControlLog.Decision<>(found.version(), List.of(new ControlLog.Entry(key, found.softDeleted())));
        });
    }

    // Compatibility

    /**
     * Whether a schema could join a subject: against one version when {@code version} is given,
     * else against the versions the subject's level names.
     */
    public CompatibilityResult testCompatibility(String subject, String version, String schemaText) {
        Schema candidate = parse(schemaText);
        return state.read(s -> {
            CompatibilityLevel level = s.effectiveLevel(subject);
            List<VersionedSchema> against;
            if (version == null) {
                against = s.versions(subject, false).stream()
                        .map(v -> new VersionedSchema(v.version(), parse(v.schema()))).toList();
            } else {
                SchemaValue found = find(s, subject, version, false);
                against = List.of(new VersionedSchema(found.version(), parse(found.schema())));
            }
            List<String> problems = Compatibility.check(level, candidate, against);
            return new CompatibilityResult(problems.isEmpty(), problems);
        });
    }

    // Config and mode

    public CompatibilityLevel config(String subject, boolean defaultToGlobal) {
        return state.read(s -> {
            if (subject == null) {
                return s.effectiveLevel(null);
            }
            Optional<CompatibilityLevel> own = s.level(subject);
            if (own.isPresent()) {
                return own.get();
            }
            if (defaultToGlobal) {
                return s.effectiveLevel(null);
            }
            throw RegistryException.subjectLevelConfigNotFound(subject);
        });
    }

    public CompatibilityLevel setConfig(Caller caller, String subject, String levelName) {
        authorizeSettings(caller, subject);
        CompatibilityLevel level = CompatibilityLevel.parse(levelName)
                .orElseThrow(() -> RegistryException.invalidCompatibilityLevel(levelName));
        return write(s -> new ControlLog.Decision<>(level,
                List.of(new ControlLog.Entry(Key.config(subject), new ConfigValue(level)))));
    }

    /** Removes a subject's (or the registry's) level and returns the one it had. */
    public CompatibilityLevel deleteConfig(Caller caller, String subject) {
        authorizeSettings(caller, subject);
        return write(s -> {
            if (subject != null && !s.hasSubject(subject, true)) {
                throw RegistryException.subjectNotFound(subject);
            }
            CompatibilityLevel previous = subject == null ? s.effectiveLevel(null)
                    : s.level(subject).orElseThrow(() -> RegistryException.subjectLevelConfigNotFound(subject));
            return new ControlLog.Decision<>(previous, List.of(new ControlLog.Entry(Key.config(subject), null)));
        });
    }

    public Mode mode(String subject, boolean defaultToGlobal) {
        return state.read(s -> {
            if (subject == null) {
                return s.effectiveMode(null);
            }
            Optional<Mode> own = s.mode(subject);
            if (own.isPresent()) {
                return own.get();
            }
            if (defaultToGlobal) {
                return s.effectiveMode(null);
            }
            throw RegistryException.subjectLevelModeNotFound(subject);
        });
    }

    public Mode setMode(Caller caller, String subject, String modeName) {
        authorizeSettings(caller, subject);
        Mode mode = Mode.parse(modeName).orElseThrow(() -> RegistryException.invalidMode(modeName));
        return write(s -> new ControlLog.Decision<>(mode,
                List.of(new ControlLog.Entry(Key.mode(subject), new ModeValue(mode)))));
    }

    public Mode deleteMode(Caller caller, String subject) {
        authorizeSettings(caller, subject);
        return write(s -> {
            Mode previous = subject == null ? s.effectiveMode(null)
                    : s.mode(subject).orElseThrow(() -> RegistryException.subjectLevelModeNotFound(subject));
            return new ControlLog.Decision<>(previous, List.of(new ControlLog.Entry(Key.mode(subject), null)));
        });
    }

    @Override
    public void close() {
        log.close();
    }

    /** Decides on a state that holds every committed record, as the only writer, and writes the outcome. */
    private <T> T write(Function<RegistryState, ControlLog.Decision<T>> decide) {
        try {
            return log.write(() -> state.read(decide));
        } catch (ControlLogUnavailableException e) {
            throw RegistryException.unavailable(e.getMessage());
        }
    }

    // Governance

    /** The domain that owns a subject: the domain of the data product topic it names. */
    static Optional<String> owner(String subject) {
        for (String suffix : SUBJECT_SUFFIXES) {
            if (subject.endsWith(suffix)) {
                try {
                    return Optional.of(ProductName.parse(subject.substring(0, subject.length() - suffix.length()))
                            .domain());
                } catch (IllegalArgumentException notAProductTopic) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static void authorizeWrite(Caller caller, String subject) {
        if (caller.admin()) {
            return;
        }
        Optional<String> owner = owner(subject);
        if (owner.isEmpty()) {
            throw RegistryException.forbidden("subject '" + subject + "' does not name a data product"
                    + " (<domain>.<event-name>.v<major>-value); only an admin may change it");
        }
        if (!caller.actsFor(owner.get())) {
            throw RegistryException.forbidden("subject '" + subject + "' belongs to domain " + owner.get() + ", and "
                    + caller.describe() + " does not act for it; use a token of the " + owner.get() + " domain");
        }
    }

    private static void authorizeSettings(Caller caller, String subject) {
        if (subject == null && !caller.admin()) {
            throw RegistryException.forbidden("only an admin may change registry-wide settings");
        }
        if (subject != null) {
            authorizeWrite(caller, subject);
        }
    }

    private static void requireWritable(RegistryState s, String subject) {
        Mode mode = s.effectiveMode(subject);
        if (!mode.acceptsWrites()) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is in " + mode
                    + " mode; new schemas are not accepted");
        }
    }

    private static void requireDeletable(RegistryState s, String subject) {
        if (s.effectiveMode(subject) == Mode.READONLY_OVERRIDE) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is in READONLY_OVERRIDE mode;"
                    + " nothing may be deleted");
        }
    }

    private static String incompatibleMessage(String subject, CompatibilityLevel level, List<String> problems) {
        String next = subject.endsWith("-value") || subject.endsWith("-key")
                ? nextMajor(subject).map(t -> " A breaking change needs a new major version: publish it as " + t
                        + ", which runs beside this one.").orElse("")
                : "";
        return "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\" under "
                + level + ", details: " + problems + "." + next;
    }

    private static Optional<String> nextMajor(String subject) {
        String topic = subject.substring(0, subject.lastIndexOf('-'));
        try {
            ProductName name = ProductName.parse(topic);
            return Optional.of(new ProductName(name.domain(), name.event(), name.major() + 1).topic());
        } catch (IllegalArgumentException notAProductTopic) {
            return Optional.empty();
        }
    }

    // Parsing

    private static SchemaValue find(RegistryState s, String subject, String version, boolean includeDeleted) {
        List<SchemaValue> versions = s.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if ("latest".equals(version) || "-1".equals(version)) {
            return versions.get(versions.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(version);
        }
        if (number < 1) {
            throw RegistryException.invalidVersion(version);
        }
        return s.version(subject, number).filter(v -> includeDeleted || !v.deleted())
                .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("the request has no schema");
        }
        if (schemaText.length() > MAX_SCHEMA_LENGTH) {
            throw RegistryException.invalidSchema("the schema has " + schemaText.length() + " characters; the registry"
                    + " keeps each version in one Kafka record and takes at most " + MAX_SCHEMA_LENGTH);
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            // SchemaParseException, and AvroRuntimeException for defaults that do not fit their type
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    /** The longest schema text registered: its record in {@code _mesh.schemas}, escaped, stays below 1 MiB. */
    static final int MAX_SCHEMA_LENGTH = 256 * 1024;

    private static String canonical(Schema schema) {
        return schema.toString();
    }
}
