package io.meshwork.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.serde.AvroDecimals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes an Avro record as the JSON that {@link JsonToAvro} reads back: records as objects,
 * unions as their value, decimals as numbers, timestamps as ISO-8601 strings, dates as
 * {@code YYYY-MM-DD}, bytes as base64.
 */
public final class AvroToJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private AvroToJson() {
    }

    public static ObjectNode convert(IndexedRecord record) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            object.set(field.name(), value(field.schema(), record.get(field.pos())));
        }
        return object;
    }

    private static JsonNode value(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (schema.getType() == Schema.Type.UNION) {
            return value(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
        }
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return NODES.numberNode(AvroDecimals.read(decimal, value));
        }
        if (value instanceof Long epoch && logical != null) {
            if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
                return NODES.textNode(Instant.ofEpochMilli(epoch).toString());
            }
            if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros) {
                return NODES.textNode(Instant.EPOCH.plus(epoch, ChronoUnit.MICROS).toString());
            }
        }
        if (value instanceof Integer days && logical instanceof LogicalTypes.Date) {
            return NODES.textNode(LocalDate.ofEpochDay(days).toString());
        }
        if (value instanceof IndexedRecord nested) {
            return convert(nested);
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Float f) {
            return NODES.numberNode(f);
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof GenericFixed fixed) {
            return NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
        } else if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        } else if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(schema.getElementType(), item)));
            return array;
        } else if (value instanceof Map<?, ?> entries) {
            ObjectNode map = NODES.objectNode();
            entries.forEach((k, v) -> map.set(k.toString(), value(schema.getValueType(), v)));
            return map;
        }
        return NODES.textNode(value.toString());
    }

}
