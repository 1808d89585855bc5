package io.meshwork.core.contract;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/** Dotted field paths ({@code deliveryAddress.city}) into Avro record schemas and records. */
public final class FieldPaths {

    private FieldPaths() {
    }

    /** The schema of the field at a dotted path, through nullable records; empty when there is none. */
    public static Optional<Schema> resolve(Schema record, String dottedPath) {
        Schema current = record;
        for (String part : dottedPath.split("\\.", -1)) {
            current = nonNull(current);
            if (current.getType() != Schema.Type.RECORD || current.getField(part) == null) {
                return Optional.empty();
            }
            current = current.getField(part).schema();
        }
        return Optional.of(current);
    }

    /** The schema without its null branch, for a union of null and one type; the schema otherwise. */
    public static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> present = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            return present.size() == 1 ? present.get(0) : schema;
        }
        return schema;
    }

    /** Whether the field may be null. */
    public static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL || schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** Whether the field holds a number: int, long, float, double or decimal. */
    public static boolean numeric(Schema schema) {
        Schema type = nonNull(schema);
        return switch (type.getType()) {
            case INT, LONG, FLOAT, DOUBLE -> true;
            case BYTES, FIXED -> type.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal;
            default -> false;
        };
    }

    /** The value at a dotted path of a record, or null when it or anything on the way to it is null. */
    public static Object valueAt(IndexedRecord record, String dottedPath) {
        Object value = record;
        for (String part : dottedPath.split("\\.")) {
            if (!(value instanceof IndexedRecord current)) {
                return null;
            }
            Schema.Field field = current.getSchema().getField(part);
            value = field == null ? null : current.get(field.pos());
        }
        return value;
    }

    /**
     * A copy of the record with the fields at the dotted paths set to null: what someone who may not
     * see those fields may see. Records on the way to a path are copied; everything else is shared.
     */
    public static IndexedRecord masked(IndexedRecord record, Collection<String> dottedPaths) {
        IndexedRecord copy = shallowCopy(record);
        for (String path : dottedPaths) {
            String[] parts = path.split("\\.");
            IndexedRecord parent = copy;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                Schema.Field field = parent.getSchema().getField(parts[i]);
                Object child = field == null ? null : parent.get(field.pos());
                if (child instanceof IndexedRecord nested) {
                    IndexedRecord nestedCopy = shallowCopy(nested);
                    parent.put(field.pos(), nestedCopy);
                    parent = nestedCopy;
                } else {
                    parent = null;
                }
            }
            Schema.Field leaf = parent == null ? null : parent.getSchema().getField(parts[parts.length - 1]);
            if (leaf != null) {
                parent.put(leaf.pos(), null);
            }
        }
        return copy;
    }

    /**
     * Whether reading {@code read} reads anything of {@code field}: the same path, a path inside it,
     * or one it lies in ({@code ""} is the whole record).
     */
    public static boolean overlaps(String read, String field) {
        return read.isEmpty() || read.equals(field) || field.startsWith(read + ".") || read.startsWith(field + ".");
    }

    private static IndexedRecord shallowCopy(IndexedRecord record) {
        GenericData.Record copy = new GenericData.Record(record.getSchema());
        for (Schema.Field field : record.getSchema().getFields()) {
            copy.put(field.pos(), record.get(field.pos()));
        }
        return copy;
    }

    public static String fieldNames(Schema record) {
        return String.join(", ", record.getFields().stream().map(Schema.Field::name).toList());
    }
}
