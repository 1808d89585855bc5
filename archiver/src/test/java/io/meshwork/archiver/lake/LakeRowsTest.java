package io.meshwork.archiver.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.archiver.pii.Pseudonymizer;
import io.meshwork.core.lake.LakePaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class LakeRowsTest {

    private static final Schema ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "io.meshwork.test", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
                {"name": "email", "type": "string"},
                {"name": "phone", "type": ["null", "string"], "default": null},
                {"name": "tier", "type": "int"}]}},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                {"name": "sku", "type": "string"},
                {"name": "packedAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null}]}}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "notes", "type": {"type": "map", "values": "string"}},
              {"name": "shippedAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null}]}
            """);
    private static final Set<String> PII = Set.of("customer.email", "customer.phone");
    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(Map.of("orders", "key-of-orders"), Optional.empty());

    @Test
    void pseudonymizesPersonalFieldsAndKeepsTimestampsInMicrosecondsAtEveryDepth() {
        Schema lake = LakeSchema.of(ORDER, PII);
        GenericRecord row = LakeRows.of(ORDER, lake, PII).row(order("a@example.com", "+49 30 1234"), "orders", PSEUDONYMS,
                new LakeRows.Position(4, 17L, 1_700_000_000_123L, "event-1"));

        assertThat(row.getSchema()).isSameAs(lake);
        assertThat(row.get("orderId")).hasToString("o-1");
        assertThat(row.get("placedAt")).isEqualTo(1_700_000_000_000_000L);
        GenericRecord customer = (GenericRecord) row.get("customer");
        assertThat(customer.get("email")).isEqualTo(PSEUDONYMS.pseudonym("orders", "a@example.com"));
        assertThat(customer.get("phone")).isEqualTo(PSEUDONYMS.pseudonym("orders", "+49 30 1234"));
        assertThat(customer.get("tier")).isEqualTo(2);
        List<?> items = (List<?>) row.get("items");
        assertThat(((GenericRecord) items.get(0)).get("packedAt")).isEqualTo(1_700_000_001_000_000L);
        assertThat(((GenericRecord) items.get(1)).get("packedAt")).isNull();
        assertThat((List<?>) row.get("tags")).map(Object::toString).containsExactly("gift", "fragile");
        assertThat(((Map<?, ?>) row.get("notes")).get("door")).hasToString("blue");
        assertThat(row.get("shippedAt")).isEqualTo(1_700_000_002_000_000L);
        assertThat(row.get(LakePaths.PARTITION_COLUMN)).isEqualTo(4);
        assertThat(row.get(LakePaths.OFFSET_COLUMN)).isEqualTo(17L);
        assertThat(row.get(LakePaths.TIMESTAMP_COLUMN)).isEqualTo(1_700_000_000_123_000L);
        assertThat(row.get(LakePaths.EVENT_ID_COLUMN)).isEqualTo("event-1");
    }

    @Test
    void leavesAnAbsentPersonalValueAbsent() {
        Schema lake = LakeSchema.of(ORDER, PII);
        GenericRecord row = LakeRows.of(ORDER, lake, PII).row(order("b@example.com", null), "orders", PSEUDONYMS,
                new LakeRows.Position(0, 0L, 0L, null));

        assertThat(((GenericRecord) row.get("customer")).get("phone")).isNull();
        assertThat(row.get(LakePaths.EVENT_ID_COLUMN)).isNull();
    }

    @Test
    void copiesEveryValueOfAProductWithoutPersonalData() {
        Schema lake = LakeSchema.of(ORDER, Set.of());
        GenericRecord row = LakeRows.of(ORDER, lake, Set.of()).row(order("c@example.com", null), "orders", PSEUDONYMS,
                new LakeRows.Position(1, 2L, 3L, "event-3"));

        assertThat(((GenericRecord) row.get("customer")).get("email")).hasToString("c@example.com");
        assertThat(row.get("placedAt")).isEqualTo(1_700_000_000_000_000L);
    }

    private static GenericRecord order(String email, String phone) {
        Schema customerSchema = ORDER.getField("customer").schema();
        GenericData.Record customer = new GenericData.Record(customerSchema);
        customer.put("email", email);
        customer.put("phone", phone);
        customer.put("tier", 2);
        Schema itemSchema = ORDER.getField("items").schema().getElementType();
        GenericData.Record packed = new GenericData.Record(itemSchema);
        packed.put("sku", "sku-1");
        packed.put("packedAt", 1_700_000_001_000L);
        GenericData.Record unpacked = new GenericData.Record(itemSchema);
        unpacked.put("sku", "sku-2");
        GenericData.Record order = new GenericData.Record(ORDER);
        order.put("orderId", "o-1");
        order.put("placedAt", 1_700_000_000_000L);
        order.put("customer", customer);
        order.put("items", new GenericData.Array<>(ORDER.getField("items").schema(), List.of(packed, unpacked)));
        order.put("tags", List.of("gift", "fragile"));
        order.put("notes", Map.of("door", "blue"));
        order.put("shippedAt", 1_700_000_002_000L);
        return order;
    }
}
