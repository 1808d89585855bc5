package io.meshwork.core.rules;

import com.google.protobuf.ByteString;
import io.meshwork.core.serde.AvroDecimals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro value as CEL sees it: records as maps without their null fields, ints as longs, strings
 * and enum symbols as strings, decimals as doubles, timestamps as instants, bytes as byte strings.
 */
final class AvroCelValues {

    private AvroCelValues() {
    }

    static Map<String, Object> record(IndexedRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                values.put(field.name(), value(field.schema(), value));
            }
        }
        return values;
    }

    private static Object value(Schema schema, Object value) {
        if (schema.getType() == Schema.Type.UNION) {
            int branch = GenericData.get().resolveUnion(schema, value);
            return value(schema.getTypes().get(branch), value);
        }
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return AvroDecimals.read(decimal, value).doubleValue();
        }
        if (logical != null && value instanceof Long epoch) {
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return Instant.ofEpochMilli(epoch);
            }
            if (logical instanceof LogicalTypes.TimestampMicros) {
                return Instant.EPOCH.plus(epoch, ChronoUnit.MICROS);
            }
            if (logical instanceof LogicalTypes.TimestampNanos) {
                return Instant.EPOCH.plusNanos(epoch);
            }
        }
        if (value instanceof IndexedRecord nested) {
            return record(nested);
        } else if (value instanceof Integer i) {
            return i.longValue();
        } else if (value instanceof Float f) {
            return f.doubleValue();
        } else if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
            return value.toString();
        } else if (value instanceof ByteBuffer buffer) {
            return ByteString.copyFrom(buffer.duplicate());
        } else if (value instanceof GenericFixed fixed) {
            return ByteString.copyFrom(fixed.bytes());
        } else if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        } else if (value instanceof Collection<?> items) {
            return list(schema.getElementType(), items);
        } else if (value instanceof Map<?, ?> entries) {
            return map(schema.getValueType(), entries);
        }
        return value;
    }


    private static List<Object> list(Schema element, Collection<?> items) {
        List<Object> values = new ArrayList<>(items.size());
        items.forEach(item -> values.add(item == null ? null : value(element, item)));
        return values;
    }

    private static Map<String, Object> map(Schema valueSchema, Map<?, ?> entries) {
        Map<String, Object> values = new LinkedHashMap<>();
        entries.forEach((k, v) -> values.put(k.toString(), v == null ? null : value(valueSchema, v)));
        return values;
    }
}
