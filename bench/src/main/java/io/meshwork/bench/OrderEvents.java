package io.meshwork.bench;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Realistic order-placed events: ids, money as decimal, a timestamp, an enum, a nested address, items. */
final class OrderEvents {

    static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "OrderPlaced", "namespace": "io.meshwork.bench", "fields": [
              {"name": "orderId", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "customerId", "type": "string"},
              {"name": "restaurantId", "type": "string"},
              {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
              {"name": "currency", "type": {"type": "enum", "name": "Currency", "symbols": ["EUR", "USD", "GBP"]}},
              {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "delivery", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "street", "type": "string"}, {"name": "city", "type": "string"},
                {"name": "lat", "type": "double"}, {"name": "lon", "type": "double"}]}},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"}]}}},
              {"name": "voucher", "type": ["null", "string"], "default": null}
            ]}""");

    private OrderEvents() {
    }

    static List<GenericRecord> generate(int count, long seed) {
        Random random = new Random(seed);
        Schema totalSchema = SCHEMA.getField("total").schema();
        Schema addressSchema = SCHEMA.getField("delivery").schema();
        Schema itemSchema = SCHEMA.getField("items").schema().getElementType();
        Schema currencySchema = SCHEMA.getField("currency").schema();
        Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
        List<GenericRecord> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GenericRecord address = new GenericData.Record(addressSchema);
            address.put("street", "Torstrasse " + random.nextInt(200));
            address.put("city", "Berlin");
            address.put("lat", 52.5 + random.nextDouble() / 10);
            address.put("lon", 13.4 + random.nextDouble() / 10);
            List<GenericRecord> items = new ArrayList<>();
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                GenericRecord item = new GenericData.Record(itemSchema);
                item.put("sku", "sku-" + random.nextInt(5000));
                item.put("quantity", 1 + random.nextInt(3));
                items.add(item);
            }
            ByteBuffer total = decimals.toBytes(BigDecimal.valueOf(500 + random.nextInt(9000), 2), totalSchema,
                    LogicalTypes.decimal(12, 2));
            GenericRecord order = new GenericData.Record(SCHEMA);
            order.put("orderId", new UUID(random.nextLong(), random.nextLong()).toString());
            order.put("customerId", "c-" + random.nextInt(1_000_000));
            order.put("restaurantId", "r-" + random.nextInt(20_000));
            order.put("total", total);
            order.put("currency", new GenericData.EnumSymbol(currencySchema, "EUR"));
            order.put("placedAt", 1_790_000_000_000L + random.nextInt(1_000_000));
            order.put("delivery", address);
            order.put("items", items);
            order.put("voucher", random.nextInt(10) == 0 ? "SAVE10" : null);
            orders.add(order);
        }
        return orders;
    }
}
