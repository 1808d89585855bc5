package io.meshwork.processors.derived;

import io.meshwork.core.contract.Derivation;
import io.meshwork.core.contract.FieldPaths;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a window has accumulated so far: the event count, and per measure how many values it saw,
 * their sum, minimum and maximum, from which every function is computed. A measure whose field in
 * the derived product is a decimal (money, mostly) is accumulated exactly, in {@link BigDecimal}s,
 * and its value has that field's scale (an average rounded half-even); any other in doubles.
 */
public final class Accumulator {

    /** A measure that is not a decimal. */
    private static final int NOT_DECIMAL = -1;

    private long count;
    private final int[] scales;
    private final long[] seen;
    private final double[] sum;
    private final double[] min;
    private final double[] max;
    private final BigDecimal[] exactSum;
    private final BigDecimal[] exactMin;
    private final BigDecimal[] exactMax;

    /**
     * @param scales per measure, the scale of its decimal field in the derived product, or a negative
     *     number for a measure that is not a decimal ({@link #scales})
     */
    public Accumulator(int[] scales) {
        int measures = scales.length;
        this.scales = scales.clone();
        seen = new long[measures];
        sum = new double[measures];
        min = new double[measures];
        max = new double[measures];
        exactSum = new BigDecimal[measures];
        exactMin = new BigDecimal[measures];
        exactMax = new BigDecimal[measures];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < measures; i++) {
            if (scales[i] >= 0) {
                exactSum[i] = BigDecimal.ZERO;
            }
        }
    }

    /** Per measure, the scale of its field in the derived product's schema when that is a decimal, else negative. */
    public static int[] scales(Schema derived, List<Derivation.Measure> measures) {
        int[] scales = new int[measures.size()];
        for (int i = 0; i < measures.size(); i++) {
            Schema.Field field = derived.getField(measures.get(i).name());
            scales[i] = field != null && FieldPaths.nonNull(field.schema()).getLogicalType() instanceof LogicalTypes.Decimal d
                    && measures.get(i).function() != Derivation.Function.COUNT ? d.getScale() : NOT_DECIMAL;
        }
        return scales;
    }

    /** Adds an event's values; a measure whose field is null in the event is not counted for it. */
    public Accumulator add(IndexedRecord event, List<Derivation.Measure> measures) {
        count++;
        for (int i = 0; i < measures.size(); i++) {
            Derivation.Measure measure = measures.get(i);
            if (measure.field().isEmpty()) {
                continue;
            }
            if (scales[i] >= 0) {
                BigDecimal value = Values.decimal(event, measure.field().get());
                if (value != null) {
                    seen[i]++;
                    exactSum[i] = exactSum[i].add(value);
                    exactMin[i] = exactMin[i] == null || value.compareTo(exactMin[i]) < 0 ? value : exactMin[i];
                    exactMax[i] = exactMax[i] == null || value.compareTo(exactMax[i]) > 0 ? value : exactMax[i];
                }
                continue;
            }
            Double value = Values.number(event, measure.field().get());
            if (value != null) {
                seen[i]++;
                sum[i] += value;
                min[i] = Math.min(min[i], value);
                max[i] = Math.max(max[i], value);
            }
        }
        return this;
    }

    public long count() {
        return count;
    }

    /**
     * The value of a measure: a {@link BigDecimal} of its field's scale for a decimal measure, else a
     * double, or the count; null for avg, min and max of a window without any value.
     */
    public Number value(int index, Derivation.Measure measure) {
        if (scales[index] >= 0) {
            int scale = scales[index];
            return switch (measure.function()) {
                case SUM -> exactSum[index].setScale(scale, RoundingMode.HALF_EVEN);
                case AVG -> seen[index] == 0 ? null
                        : exactSum[index].divide(BigDecimal.valueOf(seen[index]), scale, RoundingMode.HALF_EVEN);
                case MIN -> seen[index] == 0 ? null : exactMin[index].setScale(scale, RoundingMode.HALF_EVEN);
                case MAX -> seen[index] == 0 ? null : exactMax[index].setScale(scale, RoundingMode.HALF_EVEN);
                case COUNT -> count;
            };
        }
        return switch (measure.function()) {
            case COUNT -> count;
            case SUM -> sum[index];
            case AVG -> seen[index] == 0 ? null : sum[index] / seen[index];
            case MIN -> seen[index] == 0 ? null : min[index];
            case MAX -> seen[index] == 0 ? null : max[index];
        };
    }

    /**
     * The state store's serde: the count, then per measure its seen, sum, min and max as doubles,
     * then per decimal measure its sum, min and max exactly (scale, length, unscaled bytes; length
     * -1 for none). State written before decimals were exact has no exact part, and its decimal
     * measures carry on from their doubles.
     */
    public static Serde<Accumulator> serde(int[] scales) {
        int measures = scales.length;
        return Serdes.serdeFrom((topic, a) -> {
            int exactBytes = 0;
            for (int i = 0; i < measures; i++) {
                if (scales[i] >= 0) {
                    exactBytes += size(a.exactSum[i]) + size(a.exactMin[i]) + size(a.exactMax[i]);
                }
            }
            ByteBuffer buffer = ByteBuffer.allocate(8 + measures * 32 + exactBytes);
            buffer.putLong(a.count);
            for (int i = 0; i < measures; i++) {
                buffer.putLong(a.seen[i]).putDouble(a.sum[i]).putDouble(a.min[i]).putDouble(a.max[i]);
            }
            for (int i = 0; i < measures; i++) {
                if (scales[i] >= 0) {
                    put(buffer, a.exactSum[i]);
                    put(buffer, a.exactMin[i]);
                    put(buffer, a.exactMax[i]);
                }
            }
            return buffer.array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Accumulator a = new Accumulator(scales);
            a.count = buffer.getLong();
            for (int i = 0; i < measures; i++) {
                a.seen[i] = buffer.getLong();
                a.sum[i] = buffer.getDouble();
                a.min[i] = buffer.getDouble();
                a.max[i] = buffer.getDouble();
            }
            boolean exact = buffer.hasRemaining();
            for (int i = 0; i < measures; i++) {
                if (scales[i] < 0) {
                    continue;
                }
                if (exact) {
                    a.exactSum[i] = get(buffer);
                    a.exactMin[i] = get(buffer);
                    a.exactMax[i] = get(buffer);
                } else {
                    a.exactSum[i] = BigDecimal.valueOf(a.sum[i]);
                    a.exactMin[i] = a.seen[i] == 0 ? null : BigDecimal.valueOf(a.min[i]);
                    a.exactMax[i] = a.seen[i] == 0 ? null : BigDecimal.valueOf(a.max[i]);
                }
            }
            return a;
        });
    }

    private static int size(BigDecimal value) {
        return 8 + (value == null ? 0 : value.unscaledValue().bitLength() / 8 + 1);
    }

    private static void put(ByteBuffer buffer, BigDecimal value) {
        if (value == null) {
            buffer.putInt(0).putInt(-1);
            return;
        }
        byte[] unscaled = value.unscaledValue().toByteArray();
        buffer.putInt(value.scale()).putInt(unscaled.length).put(unscaled);
    }

    private static BigDecimal get(ByteBuffer buffer) {
        int scale = buffer.getInt();
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] unscaled = new byte[length];
        buffer.get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
