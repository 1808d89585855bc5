package io.meshwork.processors.derived;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.Derivation;
import io.meshwork.core.serde.AvroDecimals;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AccumulatorTest {

    private static final Schema ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "fields": [
              {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "items", "type": "int"}]}
            """);
    private static final Schema SALES = new Schema.Parser().parse("""
            {"type": "record", "name": "Sales", "fields": [
              {"name": "orders", "type": "long"},
              {"name": "revenue", "type": {"type": "bytes", "logicalType": "decimal", "precision": 14, "scale": 2}},
              {"name": "average", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}],
               "default": null},
              {"name": "items", "type": "double"}]}
            """);
    private static final List<Derivation.Measure> MEASURES = List.of(
            new Derivation.Measure("orders", Derivation.Function.COUNT, Optional.empty()),
            new Derivation.Measure("revenue", Derivation.Function.SUM, Optional.of("total")),
            new Derivation.Measure("average", Derivation.Function.AVG, Optional.of("total")),
            new Derivation.Measure("items", Derivation.Function.SUM, Optional.of("items")));
    private static final int[] SCALES = Accumulator.scales(SALES, MEASURES);

    @Test
    void sumsAndAveragesMoneyExactlyAtTheDerivedFieldsScale() {
        Accumulator sales = new Accumulator(SCALES);
        for (String total : List.of("0.10", "0.20", "0.20")) {
            sales.add(order(total, 2), MEASURES);
        }

        assertThat(sales.value(0, MEASURES.get(0))).isEqualTo(3L);
        assertThat(sales.value(1, MEASURES.get(1))).isEqualTo(new BigDecimal("0.50"));
        // 0.50 / 3 = 0.1666…, half-even to the cent
        assertThat(sales.value(2, MEASURES.get(2))).isEqualTo(new BigDecimal("0.17"));
        assertThat(sales.value(3, MEASURES.get(3))).isEqualTo(6.0);
    }

    @Test
    void keepsExactValuesThroughTheStateStore() {
        Serde<Accumulator> serde = Accumulator.serde(SCALES);
        Accumulator sales = new Accumulator(SCALES);
        sales.add(order("418.29", 1), MEASURES).add(order("0.01", 1), MEASURES);

        Accumulator stored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", sales));

        assertThat(stored.value(1, MEASURES.get(1))).isEqualTo(new BigDecimal("418.30"));
        assertThat(stored.add(order("-0.30", 1), MEASURES).value(1, MEASURES.get(1))).isEqualTo(new BigDecimal("418.00"));
    }

    @Test
    void carriesOnFromStateWrittenBeforeMoneyWasExact() {
        // The earlier layout: the count, then per measure seen, sum, min and max as doubles.
        ByteBuffer old = ByteBuffer.allocate(8 + 4 * 32).putLong(2);
        old.putLong(0).putDouble(0).putDouble(Double.POSITIVE_INFINITY).putDouble(Double.NEGATIVE_INFINITY);
        old.putLong(2).putDouble(418.2999999999999).putDouble(0.01).putDouble(418.29);
        old.putLong(2).putDouble(418.2999999999999).putDouble(0.01).putDouble(418.29);
        old.putLong(2).putDouble(2).putDouble(1).putDouble(1);

        Accumulator stored = Accumulator.serde(SCALES).deserializer().deserialize("t", old.array());

        assertThat(stored.value(1, MEASURES.get(1))).isEqualTo(new BigDecimal("418.30"));
        assertThat(stored.value(2, MEASURES.get(2))).isEqualTo(new BigDecimal("209.15"));
        assertThat(stored.value(3, MEASURES.get(3))).isEqualTo(2.0);
    }

    @Test
    void writesADecimalMeasureAsItsFieldHoldsIt() {
        Object revenue = Values.avro(new BigDecimal("-12.34"), SALES.getField("revenue").schema());
        Object average = Values.avro(null, SALES.getField("average").schema());

        assertThat(AvroDecimals.read((LogicalTypes.Decimal) SALES.getField("revenue").schema().getLogicalType(), revenue))
                .isEqualTo(new BigDecimal("-12.34"));
        assertThat(average).isNull();
    }

    private static GenericRecord order(String total, int items) {
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("total", AvroDecimals.write(new BigDecimal(total), ORDER.getField("total").schema()));
        order.put("items", items);
        return order;
    }
}
