package io.meshwork.cli.lake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * An archived row as a record of a product's schema: fields matched by name (the lake's own
 * columns dropped), records, arrays, maps, enums and unions followed into, absent fields given
 * their defaults. A value that no longer fits, such as personal data the lake holds as a
 * pseudonym where the schema wants a number, is an error that names the field.
 */
final class Projection {

    /** A row that does not fit the target schema. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    private Projection() {
    }

    static GenericRecord onto(GenericRecord row, Schema target) {
        return (GenericRecord) value(row, target, "");
    }

    private static Object value(Object value, Schema target, String path) {
        switch (target.getType()) {
            case UNION -> {
                if (value == null && target.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                    return null;
                }
                for (Schema branch : target.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL && fits(value, branch)) {
                        return value(value, branch, path);
                    }
                }
                throw mismatch(path, value, target);
            }
            case RECORD -> {
                if (!(value instanceof IndexedRecord source)) {
                    throw mismatch(path, value, target);
                }
                GenericData.Record record = new GenericData.Record(target);
                for (Schema.Field field : target.getFields()) {
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    Schema.Field from = source.getSchema().getField(field.name());
                    if (from == null) {
                        if (!field.hasDefaultValue()) {
                            throw new Mismatch(fieldPath + " is not in the archived rows and has no default");
                        }
                        record.put(field.pos(), GenericData.get().getDefaultValue(field));
                    } else {
                        record.put(field.pos(), value(source.get(from.pos()), field.schema(), fieldPath));
                    }
                }
                return record;
            }
            case ARRAY -> {
                if (!(value instanceof Collection<?> items)) {
                    throw mismatch(path, value, target);
                }
                List<Object> array = new ArrayList<>(items.size());
                for (Object item : items) {
                    array.add(value(item, target.getElementType(), path + "[]"));
                }
                return new GenericData.Array<>(target, array);
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?> entries)) {
                    throw mismatch(path, value, target);
                }
                Map<String, Object> map = new HashMap<>();
                entries.forEach((k, v) -> map.put(k.toString(), value(v, target.getValueType(), path + "." + k)));
                return map;
            }
            case ENUM -> {
                if (value == null || !target.getEnumSymbols().contains(value.toString())) {
                    throw mismatch(path, value, target);
                }
                return new GenericData.EnumSymbol(target, value.toString());
            }
            default -> {
                if (!fits(value, target)) {
                    throw mismatch(path, value, target);
                }
                // The lake keeps every timestamp in microseconds.
                boolean millis = target.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        || target.getLogicalType() instanceof LogicalTypes.LocalTimestampMillis;
                return millis ? (Object) Math.floorDiv((Long) value, 1000L) : value;
            }
        }
    }

    private static boolean fits(Object value, Schema schema) {
        return switch (schema.getType()) {
            case NULL -> value == null;
            case STRING -> value instanceof CharSequence;
            case ENUM -> value instanceof CharSequence || value instanceof GenericData.EnumSymbol;
            case BOOLEAN -> value instanceof Boolean;
            case INT -> value instanceof Integer;
            case LONG -> value instanceof Long;
            case FLOAT -> value instanceof Float;
            case DOUBLE -> value instanceof Double;
            case BYTES -> value instanceof java.nio.ByteBuffer;
            case FIXED -> value instanceof GenericData.Fixed;
            case RECORD -> value instanceof IndexedRecord record
                    && record.getSchema().getName().equals(schema.getName());
            case ARRAY -> value instanceof Collection<?>;
            case MAP -> value instanceof Map<?, ?>;
            case UNION -> true;
        };
    }

    private static Mismatch mismatch(String path, Object value, Schema target) {
        String found = value == null ? "null" : value instanceof CharSequence ? "a string" : value.getClass().getSimpleName();
        return new Mismatch(path + " is " + found + " in the lake but the target schema wants " + target.getType()
                .getName() + (value instanceof CharSequence && target.getType() != Schema.Type.STRING
                ? " (personal data is pseudonymized in the lake: replay into a topic whose schema takes it as a string)"
                : ""));
    }
}
