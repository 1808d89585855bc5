package io.meshwork.archiver.lake;

import io.meshwork.core.lake.LakePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The schema of a topic's rows in the lake for one writer schema: the writer's fields, with each
 * personal-data field turned into a string (its pseudonym) and each timestamp in microseconds, as
 * Iceberg keeps them, then the Kafka partition, offset, timestamp and CloudEvents id.
 */
public final class LakeSchema {

    private LakeSchema() {
    }

    /**
     * @param writer the schema the event was written with
     * @param piiFields dotted paths of the fields classified {@code pii}
     */
    public static Schema of(Schema writer, Set<String> piiFields) {
        Schema record = rewrite(writer, "", piiFields);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(LakePaths.PARTITION_COLUMN, Schema.create(Schema.Type.INT), "Kafka partition"));
        fields.add(new Schema.Field(LakePaths.OFFSET_COLUMN, Schema.create(Schema.Type.LONG), "Kafka offset"));
        fields.add(new Schema.Field(LakePaths.TIMESTAMP_COLUMN,
                micros(LogicalTypes.timestampMicros()), "Kafka record timestamp"));
        fields.add(new Schema.Field(LakePaths.EVENT_ID_COLUMN,
                SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), "CloudEvents id", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(writer.getName(), writer.getDoc(), writer.getNamespace(), false, fields);
    }

    private static Schema rewrite(Schema schema, String path, Set<String> pii) {
        switch (schema.getType()) {
            case RECORD -> {
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    if (pii.contains(fieldPath)) {
                        Schema type = pseudonymType(field.schema());
                        fields.add(type.getType() == Schema.Type.UNION
                                ? new Schema.Field(field.name(), type, field.doc(), Schema.Field.NULL_DEFAULT_VALUE)
                                : new Schema.Field(field.name(), type, field.doc()));
                    } else {
                        fields.add(new Schema.Field(field, rewrite(field.schema(), fieldPath, pii)));
                    }
                }
                return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
            }
            case UNION -> {
                List<Schema> branches = new ArrayList<>();
                schema.getTypes().forEach(branch -> branches.add(rewrite(branch, path, pii)));
                return Schema.createUnion(branches);
            }
            case ARRAY -> {
                return Schema.createArray(rewrite(schema.getElementType(), path + "[]", pii));
            }
            case MAP -> {
                return Schema.createMap(rewrite(schema.getValueType(), path + "{}", pii));
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return micros(LogicalTypes.timestampMicros());
                }
                if (schema.getLogicalType() instanceof LogicalTypes.LocalTimestampMillis) {
                    return micros(LogicalTypes.localTimestampMicros());
                }
                return schema;
            }
            default -> {
                return schema;
            }
        }
    }

    private static Schema micros(LogicalType type) {
        return type.addToSchema(Schema.create(Schema.Type.LONG));
    }

    /** Whether values of a schema are milliseconds that the lake keeps as microseconds. */
    static boolean millisecondTimestamp(Schema schema) {
        return schema.getType() == Schema.Type.LONG && (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                || schema.getLogicalType() instanceof LogicalTypes.LocalTimestampMillis);
    }

    /** A pseudonym is a string; one of an optional field is an optional string. */
    private static Schema pseudonymType(Schema original) {
        boolean optional = original.getType() == Schema.Type.UNION
                && original.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
        return optional ? SchemaBuilder.unionOf().nullType().and().stringType().endUnion() : Schema.create(Schema.Type.STRING);
    }
}
