package io.meshwork.processors.derived;

import io.meshwork.core.contract.FieldPaths;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
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
        Schema schema = FieldPaths.nonNull(FieldPaths.resolve(record.getSchema(), path).orElseThrow());
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            byte[] bytes;
            if (value instanceof ByteBuffer buffer) {
                bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
            } else {
                bytes = ((GenericFixed) value).bytes();
            }
            return new BigDecimal(new BigInteger(bytes), decimal.getScale()).doubleValue();
        }
        throw new IllegalArgumentException(path + " is not a number: " + value);
    }
}
