package io.meshwork.gateway.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The records of {@code _mesh.schemas}. The key says what a record is about, so compaction keeps
 * the newest record per schema version, per config and per mode; a null value (tombstone) deletes.
 */
final class LogRecord {

    private LogRecord() {
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
