package io.meshwork.processors.derived;

import io.meshwork.core.contract.Derivation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a window has accumulated so far: the event count, and per measure how many values it saw,
 * their sum, minimum and maximum, from which every function is computed.
 */
public final class Accumulator {

    private long count;
    private final long[] seen;
    private final double[] sum;
    private final double[] min;
    private final double[] max;

    public Accumulator(int measures) {
        seen = new long[measures];
        sum = new double[measures];
        min = new double[measures];
        max = new double[measures];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** Adds an event's values; a measure whose field is null in the event is not counted for it. */
    public Accumulator add(IndexedRecord event, List<Derivation.Measure> measures) {
        count++;
        for (int i = 0; i < measures.size(); i++) {
            Derivation.Measure measure = measures.get(i);
            if (measure.field().isEmpty()) {
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

    /** The value of a measure; null for avg, min and max of a window without any value. */
    public Object value(int index, Derivation.Measure measure) {
        return switch (measure.function()) {
            case COUNT -> count;
            case SUM -> sum[index];
            case AVG -> seen[index] == 0 ? null : sum[index] / seen[index];
            case MIN -> seen[index] == 0 ? null : min[index];
            case MAX -> seen[index] == 0 ? null : max[index];
        };
    }

    /** The state store's serde: the count, then per measure its seen, sum, min and max. */
    public static Serde<Accumulator> serde(int measures) {
        return Serdes.serdeFrom((topic, a) -> {
            ByteBuffer buffer = ByteBuffer.allocate(8 + measures * 32);
            buffer.putLong(a.count);
            for (int i = 0; i < measures; i++) {
                buffer.putLong(a.seen[i]).putDouble(a.sum[i]).putDouble(a.min[i]).putDouble(a.max[i]);
            }
            return buffer.array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Accumulator a = new Accumulator(measures);
            a.count = buffer.getLong();
            for (int i = 0; i < measures; i++) {
                a.seen[i] = buffer.getLong();
                a.sum[i] = buffer.getDouble();
                a.min[i] = buffer.getDouble();
                a.max[i] = buffer.getDouble();
            }
            return a;
        });
    }
}
