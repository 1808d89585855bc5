package io.meshwork.core.rules;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The CEL types of an Avro schema, so that the CEL checker refuses a rule that names a field the
 * event does not have. Records become structs, optional fields ({@code ["null", T]}) have type
 * {@code T} and are absent when null (test them with {@code has()}).
 */
final class AvroCelTypes implements CelTypeProvider {

    private final Map<String, StructType> structs = new LinkedHashMap<>();
    private final StructType root;

    AvroCelTypes(Schema record) {
        if (record.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("rules apply to Avro records, not to " + record.getType());
        }
        this.root = struct(record);
    }

    StructType root() {
        return root;
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(structs.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return Optional.ofNullable(structs.get(typeName));
    }

    private StructType struct(Schema record) {
        StructType known = structs.get(record.getFullName());
        if (known != null) {
            return known;
        }
        Map<String, Schema> fields = new LinkedHashMap<>();
        record.getFields().forEach(field -> fields.put(field.name(), field.schema()));
        // Fields resolve lazily, so recursive records work.
        StructType type = StructType.create(record.getFullName(), ImmutableSet.copyOf(fields.keySet()),
                name -> Optional.ofNullable(fields.get(name)).map(this::typeOf));
        structs.put(record.getFullName(), type);
        fields.values().forEach(this::registerRecords);
        return type;
    }

    private void registerRecords(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> struct(schema);
            case ARRAY -> registerRecords(schema.getElementType());
            case MAP -> registerRecords(schema.getValueType());
            case UNION -> schema.getTypes().forEach(this::registerRecords);
            default -> { }
        }
    }

    CelType typeOf(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal) {
            return SimpleType.DOUBLE;
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.TimestampNanos) {
            return SimpleType.TIMESTAMP;
        }
        return switch (schema.getType()) {
            case RECORD -> struct(schema);
            case ENUM, STRING -> SimpleType.STRING;
            case INT, LONG -> SimpleType.INT;
            case FLOAT, DOUBLE -> SimpleType.DOUBLE;
            case BOOLEAN -> SimpleType.BOOL;
            case BYTES, FIXED -> SimpleType.BYTES;
            case ARRAY -> ListType.create(typeOf(schema.getElementType()));
            case MAP -> MapType.create(SimpleType.STRING, typeOf(schema.getValueType()));
            case UNION -> unionType(schema.getTypes());
            case NULL -> SimpleType.NULL_TYPE;
        };
    }

    private CelType unionType(List<Schema> branches) {
        List<Schema> present = branches.stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return present.size() == 1 ? typeOf(present.get(0)) : SimpleType.DYN;
    }
}
