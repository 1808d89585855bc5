package io.meshwork.processors.derived;

import io.meshwork.core.contract.FieldPaths;
import io.meshwork.core.serde.AvroDecimals;
import java.math.BigDecimal;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Values at dotted paths of Avro records, as keys and as numbers. */
final class Values {

    private Values() {
    }

    /** The value at the path as text, for a key; null when absent. */
    static String text(IndexedRecord record, String path) {
        Object value = FieldPaths.valueAt(record, path);
        return value == null ? null : value.toString();
    }

    /** The number at the path as a double, decimals included; null when absent. */
    static Double number(IndexedRecord record, String path) {
        Object value = FieldPaths.valueAt(record, path);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return decimal(record, path, value).doubleValue();
    }

    /**
     * The number at the path exactly: a decimal as it is, an integer as itself, a floating-point
     * number by its shortest decimal form; null when absent.
     */
    static BigDecimal decimal(IndexedRecord record, String path) {
        Object value = FieldPaths.valueAt(record, path);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return decimal(record, path, value);
    }

    private static BigDecimal decimal(IndexedRecord record, String path, Object value) {
        Schema schema = FieldPaths.nonNull(FieldPaths.resolve(record.getSchema(), path).orElseThrow());
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return AvroDecimals.read(decimal, value);
        }
        throw new IllegalArgumentException(path + " is not a number: " + value);
    }

    /**
     * A measure's value as the derived product's field holds it: a decimal field gets the value's
     * unscaled bytes (bytes or fixed, as the field is), a double or float field the value as one, an
     * integer field the value as a long or int; null stays null.
     */
    static Object avro(Number value, Schema field) {
        if (value == null) {
            return null;
        }
        Schema type = FieldPaths.nonNull(field);
        if (type.getLogicalType() instanceof LogicalTypes.Decimal && value instanceof BigDecimal decimal) {
            return AvroDecimals.write(decimal, type);
        }
        return switch (type.getType()) {
            case DOUBLE -> value.doubleValue();
            case FLOAT -> value.floatValue();
            case LONG -> value.longValue();
            case INT -> value.intValue();
            default -> value;
        };
    }
}
