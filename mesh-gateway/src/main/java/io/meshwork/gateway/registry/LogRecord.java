package io.meshwork.gateway.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The records of {@code _mesh.schemas}. The key says what a record is about, so compaction keeps
 * the newest record per schema version, per config and per mode; a null value (tombstone) deletes.
 */
final class LogRecord {

    private static final Logger LOG = Logger.getLogger(LogRecord.class);
    private static final ObjectMapper JSON = MeshJson.mapper();

    private LogRecord() {
    }

    /** A record as read from the log: its key, and its value or null for a tombstone. */
    record Read(Key key, Object value) {
    }

    /**
     * Reads a record of {@code _mesh.schemas}; empty, with a warning, for one this version does
     * not understand, which is skipped rather than stopping the registry.
     */
    static Optional<Read> decode(long offset, byte[] key, byte[] value) {
        try {
            Key parsed = JSON.readValue(key, Key.class);
            if (value == null) {
                return Optional.of(new Read(parsed, null));
            }
            Class<?> type = switch (parsed.type()) {
                case SCHEMA -> SchemaValue.class;
                case CONFIG -> ConfigValue.class;
                case MODE -> ModeValue.class;
                case NEXT_ID -> NextIdValue.class;
            };
            return Optional.of(new Read(parsed, JSON.readValue(value, type)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("Skipping an unreadable record at offset %d of the registry's log: %s", offset, e.getMessage());
            return Optional.empty();
        }
    }

    enum Type { SCHEMA, CONFIG, MODE, NEXT_ID }

    /** A record's key; {@code subject} is null for the registry-wide config and mode. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Key(Type type, String subject, Integer version) {

        static Key schema(String subject, int version) {
            return new Key(Type.SCHEMA, subject, version);
        }

        static Key config(String subject) {
            return new Key(Type.CONFIG, subject, null);
        }

        static Key mode(String subject) {
            return new Key(Type.MODE, subject, null);
        }

        static Key nextId() {
            return new Key(Type.NEXT_ID, null, null);
        }
    }

    /**
     * One version of a subject.
     *
     * @param overrideReason why an admin registered it despite a compatibility failure, if so
     * @param registeredBy who registered it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaValue(String subject, int version, int id, String schema, boolean deleted, String registeredBy,
                       String overrideReason) {

        SchemaValue softDeleted() {
            return new SchemaValue(subject, version, id, schema, true, registeredBy, overrideReason);
        }
    }

    record ConfigValue(CompatibilityLevel compatibilityLevel) {
    }

    record ModeValue(Mode mode) {
    }

    /** The highest schema id ever given, so that ids are never reused, even after hard deletes. */
    record NextIdValue(int lastId) {
    }
}
