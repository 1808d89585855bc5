package io.meshwork.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.catalog.ProductSource;
import io.meshwork.core.json.JsonToAvro;
import io.meshwork.core.serde.AvroEncoder;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Demo orders and customers as they are published: Avro in the wire format, with the registry's schema ids. */
final class DemoEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProductSource catalog;
    private final Map<String, CatalogProduct> products = new ConcurrentHashMap<>();
    private final AvroEncoder encoder = new AvroEncoder();

    /** Events with the schema ids of the mesh's registry. */
    DemoEvents(TestMesh mesh) {
        this(ProductSource.of(MeshClient.of(mesh.gatewayUrl(), mesh.adminToken())));
    }

    /** Events with the schema ids a catalog gives. */
    DemoEvents(ProductSource catalog) {
        this.catalog = catalog;
    }

    CatalogProduct product(String topic) {
        return products.computeIfAbsent(topic, t -> catalog.product(t).orElseThrow());
    }

    /** An order of {@code orders.order-placed.v2}; {@code subtotal + 2.00 = total} unless {@code total} says otherwise. */
    byte[] order(String orderId, String customerId, String restaurantId, String city, String total, Instant placedAt) {
        return encode("orders.order-placed.v2", """
                {"orderId": "%s", "customerId": "%s", "restaurantId": "%s",
                 "items": [{"sku": "dish-1", "name": "Dish", "quantity": 1, "unitPrice": 1.00}],
                 "price": {"subtotal": %s, "deliveryFee": 2.00, "discount": 0.00, "total": %s, "currency": "EUR"},
                 "deliveryAddress": {"street": "Torstrasse 1", "postalCode": "10119", "city": "%s", "lat": 52.53, "lon": 13.40},
                 "placedAt": "%s"}
                """.formatted(orderId, customerId, restaurantId, new java.math.BigDecimal(total)
                .subtract(new java.math.BigDecimal("2.00")), total, city, placedAt));
    }

    static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    byte[] customer(String customerId, String segment, String city, Instant registeredAt) {
        return encode("customers.customer-registered.v1", """
                {"customerId": "%s", "email": "%s@example.com", "phone": "+4930123456", "ipAddress": "10.0.0.1",
                 "address": {"street": "Hauptstrasse 5", "postalCode": "10827", "city": "%s", "country": "DE"},
                 "segment": "%s", "marketingConsent": true, "registeredAt": "%s"}
                """.formatted(customerId, customerId, city, segment, registeredAt));
    }

    byte[] encode(String topic, String json) {
        CatalogProduct product = product(topic);
        try {
            JsonToAvro.Result result = JsonToAvro.convert(JSON.readTree(json), product.schema());
            if (!result.ok()) {
                throw new IllegalArgumentException(result.problems().toString());
            }
            return encoder.encode(product.schemaId(), product.schema(), result.record(), false);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
