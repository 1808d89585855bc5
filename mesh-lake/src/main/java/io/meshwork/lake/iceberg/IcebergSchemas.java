package io.meshwork.lake.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schema of a lake row schema (Avro, as the archiver writes it). Every column is
 * optional but the Kafka position columns, so that one table holds every minor version of a
 * product: a column a later version dropped is null in its files. Timestamps are microseconds, as
 * Iceberg's spec has them; enums and UUIDs are strings.
 */
public final class IcebergSchemas {

    private IcebergSchemas() {
    }

    /**
     * @param required the top-level columns that every row has (the Kafka position)
     * @throws IllegalArgumentException for a type Iceberg cannot hold, such as a union of two types
     */
    public static org.apache.iceberg.Schema of(Schema row, Set<String> required) {
        if (row.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("a lake row is a record, not " + row.getType());
        }
        AtomicInteger ids = new AtomicInteger();
        List<Types.NestedField> columns = new ArrayList<>();
        for (Schema.Field field : row.getFields()) {
            columns.add(field(ids, field, required.contains(field.name()), field.name()));
        }
        return new org.apache.iceberg.Schema(columns);
    }

    private static Types.NestedField field(AtomicInteger ids, Schema.Field field, boolean required, String path) {
        int id = ids.incrementAndGet();
        Type type = type(ids, nonNull(field.schema(), path), path);
        return required ? Types.NestedField.required(id, field.name(), type, field.doc())
                : Types.NestedField.optional(id, field.name(), type, field.doc());
    }

    private static Schema nonNull(Schema schema, String path) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> types = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (types.size() != 1) {
            throw new IllegalArgumentException(path + " is a union of " + types.size()
                    + " types, which an Iceberg column cannot hold; use a record with a field per type");
        }
        return types.get(0);
    }

    private static Type type(AtomicInteger ids, Schema schema, String path) {
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case RECORD -> {
                List<Types.NestedField> fields = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    fields.add(field(ids, field, false, path + "." + field.name()));
                }
                return Types.StructType.of(fields);
            }
            case ARRAY -> {
                int element = ids.incrementAndGet();
                return Types.ListType.ofOptional(element, type(ids, nonNull(schema.getElementType(), path + "[]"), path + "[]"));
            }
            case MAP -> {
                int key = ids.incrementAndGet();
                int value = ids.incrementAndGet();
                return Types.MapType.ofOptional(key, value, Types.StringType.get(),
                        type(ids, nonNull(schema.getValueType(), path + "{}"), path + "{}"));
            }
            case ENUM, STRING -> {
                return Types.StringType.get();
            }
            case BOOLEAN -> {
                return Types.BooleanType.get();
            }
            case INT -> {
                return logical instanceof LogicalTypes.Date ? Types.DateType.get() : Types.IntegerType.get();
            }
            case LONG -> {
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return Types.TimestampType.withZone();
                }
                if (logical instanceof LogicalTypes.LocalTimestampMicros) {
                    return Types.TimestampType.withoutZone();
                }
                if (logical instanceof LogicalTypes.TimeMicros) {
                    return Types.TimeType.get();
                }
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
                    throw new IllegalArgumentException(path + " holds milliseconds; the lake keeps timestamps in microseconds");
                }
                return Types.LongType.get();
            }
            case FLOAT -> {
                return Types.FloatType.get();
            }
            case DOUBLE -> {
                return Types.DoubleType.get();
            }
            case BYTES -> {
                return logical instanceof LogicalTypes.Decimal decimal
                        ? Types.DecimalType.of(decimal.getPrecision(), decimal.getScale()) : Types.BinaryType.get();
            }
            case FIXED -> {
                return logical instanceof LogicalTypes.Decimal decimal
                        ? Types.DecimalType.of(decimal.getPrecision(), decimal.getScale())
                        : Types.FixedType.ofLength(schema.getFixedSize());
            }
            default -> throw new IllegalArgumentException(path + " is of Avro type " + schema.getType()
                    + ", which an Iceberg column cannot hold");
        }
    }
}
