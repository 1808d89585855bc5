package io.meshwork.gateway.registry;

import io.meshwork.gateway.registry.LogRecord.ConfigValue;
import io.meshwork.gateway.registry.LogRecord.Key;
import io.meshwork.gateway.registry.LogRecord.ModeValue;
import io.meshwork.gateway.registry.LogRecord.NextIdValue;
import io.meshwork.gateway.registry.LogRecord.SchemaValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the registry knows, as the {@code _mesh.schemas} log has built it: subjects and their
 * versions, schemas by id, configs and modes. Updated only by {@link #apply}; read by any thread.
 */
final class RegistryState {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, NavigableMap<Integer, SchemaValue>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    /** Schema ids by the schema's canonical text ({@code Schema.toString()}), as stored in the log. */
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    private final Map<String, Mode> modes = new HashMap<>();
    private int lastId;

    /** Applies one record of the log; {@code value} is null for a tombstone. */
    void apply(Key key, Object value) {
        lock.writeLock().lock();
        try {
            switch (key.type()) {
                case SCHEMA -> applySchema(key, (SchemaValue) value);
                case CONFIG -> put(levels, key.subject(), value == null ? null : ((ConfigValue) value).compatibilityLevel());
                case MODE -> put(modes, key.subject(), value == null ? null : ((ModeValue) value).mode());
                case NEXT_ID -> {
                    if (value != null) {
                        lastId = Math.max(lastId, ((NextIdValue) value).lastId());
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void applySchema(Key key, SchemaValue value) {
        if (value == null) {
            NavigableMap<Integer, SchemaValue> versions = subjects.get(key.subject());
            SchemaValue removed = versions == null ? null : versions.remove(key.version());
            if (removed == null) {
                return;
            }
            if (versions.isEmpty()) {
                subjects.remove(key.subject());
            }
            if (usesOf(removed.id(), true).isEmpty()) {
                // As after a rebuild from the compacted log: an id nothing uses is unknown.
                schemaById.remove(removed.id());
                idByCanonical.remove(removed.schema());
            }
            return;
        }
        subjects.computeIfAbsent(value.subject(), s -> new TreeMap<>()).put(value.version(), value);
        schemaById.putIfAbsent(value.id(), value.schema());
        idByCanonical.putIfAbsent(value.schema(), value.id());
        lastId = Math.max(lastId, value.id());
    }

    private static <T> void put(Map<String, T> map, String subject, T value) {
        String key = subject == null ? "" : subject;
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    <T> T read(Function<RegistryState, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(this);
        } finally {
            lock.readLock().unlock();
        }
    }

    // Queries: call inside read().

    List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().values().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    boolean hasSubject(String subject, boolean includeDeleted) {
        return !versions(subject, includeDeleted).isEmpty();
    }

    List<SchemaValue> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, SchemaValue> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    Optional<SchemaValue> version(String subject, int version) {
        return Optional.ofNullable(subjects.getOrDefault(subject, new TreeMap<>()).get(version));
    }

    Optional<String> schema(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idByCanonical.get(canonicalSchema));
    }

    /** Every subject version that uses the schema with this id. */
    List<SchemaValue> usesOf(int id, boolean includeDeleted) {
        List<SchemaValue> uses = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().stream()
                .filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                .forEach(uses::add));
        return uses;
    }

    int lastId() {
        return lastId;
    }

    Optional<CompatibilityLevel> level(String subject) {
        return Optional.ofNullable(levels.get(subject == null ? "" : subject));
    }

    Optional<Mode> mode(String subject) {
        return Optional.ofNullable(modes.get(subject == null ? "" : subject));
    }

    /** The level that governs a subject: its own, else the registry's, else the default. */
    CompatibilityLevel effectiveLevel(String subject) {
        return level(subject).or(() -> level(null)).orElse(CompatibilityLevel.DEFAULT);
    }

    Mode effectiveMode(String subject) {
        return mode(subject).or(() -> mode(null)).orElse(Mode.READWRITE);
    }
}
