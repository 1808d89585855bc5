package io.meshwork.core.serde;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

/**
 * Avro decimals as generic records hold them (the unscaled value's two's-complement bytes, in a
 * {@code ByteBuffer} or a fixed) and as {@link BigDecimal}s, both ways, without Avro's conversions
 * registered on the data model.
 */
public final class AvroDecimals {

    private AvroDecimals() {
    }

    /** The decimal a value of a decimal schema holds; a {@link BigDecimal} already is one. */
    public static BigDecimal read(LogicalTypes.Decimal decimal, Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return new BigDecimal(new BigInteger(bytes), decimal.getScale());
        } else if (value instanceof GenericFixed fixed) {
            return new BigDecimal(new BigInteger(fixed.bytes()), decimal.getScale());
        }
        throw new IllegalArgumentException("not an Avro decimal: " + value.getClass().getName());
    }

    /**
     * The value of {@code schema} (bytes or fixed with a decimal logical type) that holds {@code value},
     * which must already have the schema's scale. Its precision is not checked: Avro's binary encoding
     * holds any.
     */
    public static Object write(BigDecimal value, Schema schema) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        if (schema.getType() != Schema.Type.FIXED) {
            return ByteBuffer.wrap(unscaled);
        }
        if (unscaled.length > schema.getFixedSize()) {
            throw new IllegalArgumentException(value + " does not fit in the " + schema.getFixedSize() + " bytes of "
                    + schema.getFullName());
        }
        byte[] fixed = new byte[schema.getFixedSize()];
        Arrays.fill(fixed, 0, fixed.length - unscaled.length, (byte) (value.signum() < 0 ? 0xFF : 0x00));
        System.arraycopy(unscaled, 0, fixed, fixed.length - unscaled.length, unscaled.length);
        return new GenericData.Fixed(schema, fixed);
    }
}
