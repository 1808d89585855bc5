package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class DerivationCheckTest {

    private static final Map<String, DataContract> DEMO = new HashMap<>();

    static {
        ContractLoader.loadFolder(Path.of(System.getProperty("mesh.contracts.dir", "../schema-registry-config")))
                .contracts().forEach(c -> DEMO.put(c.topic(), c));
    }

    /** A demo derived product as the check sees it, computed another way. */
    private record Shape(String topic, Schema schema, Optional<String> keyField,
                         Map<String, Classification> classifications, Optional<Derivation> derivation)
            implements ProductShape {

        static Shape salesComputedBy(Derivation derivation) {
            DataContract sales = DEMO.get("orders.restaurant-sales.v1");
            return new Shape(sales.topic(), sales.schema(), sales.keyField(), sales.classifications(),
                    Optional.of(derivation));
        }
    }

    @Test
    void theDemosDerivedProductsCanBeComputed() {
        assertThat(DEMO.values().stream().filter(c -> c.derivation().isPresent()))
                .extracting(DataContract::topic)
                .containsExactlyInAnyOrder("orders.restaurant-sales.v1", "orders.city-demand.v1",
                        "orders.order-placed-enriched.v1")
                .allSatisfy(topic -> assertThat(problems(DEMO.get(topic))).isEmpty());
        assertThat(problems(DEMO.get("orders.order-placed.v2"))).isEmpty();
    }

    @Test
    void namesAMissingSource() {
        assertThat(problems(Shape.salesComputedBy(aggregate("orders.order-cancelled.v1", "restaurantId",
                new Derivation.Measure("orders", Derivation.Function.COUNT, Optional.empty())))))
                .containsExactly("orders.restaurant-sales.v1: source orders.order-cancelled.v1 is not in the catalog");
    }

    @Test
    void namesKeysAndMeasuresThatTheSourceDoesNotHave() {
        assertThat(problems(Shape.salesComputedBy(aggregate("orders.order-placed.v2", "kitchenId",
                new Derivation.Measure("revenue", Derivation.Function.SUM, Optional.of("price.tip")),
                new Derivation.Measure("largestOrder", Derivation.Function.MAX, Optional.of("restaurantId"))))))
                .containsExactly(
                        "orders.restaurant-sales.v1: groupBy kitchenId is not a field of orders.order-placed.v2",
                        "orders.restaurant-sales.v1: measure revenue reads price.tip, which is not a field of"
                                + " orders.order-placed.v2",
                        "orders.restaurant-sales.v1: measure largestOrder reads restaurantId, which is not a number"
                                + " in orders.order-placed.v2");
    }

    @Test
    void keepsPersonalDataOutOfAProductThatDoesNotClassifyIt() {
        assertThat(problems(Shape.salesComputedBy(aggregate("orders.order-placed.v2", "deliveryAddress.postalCode",
                new Derivation.Measure("orders", Derivation.Function.COUNT, Optional.empty())))))
                .containsExactly("orders.restaurant-sales.v1: groupBy deliveryAddress.postalCode is personal data in"
                        + " orders.order-placed.v2; classify postalCode as pii in the derived contract, or group by"
                        + " another field");

        DataContract enriched = DEMO.get("orders.order-placed-enriched.v1");
        Derivation.Enrichment demo = (Derivation.Enrichment) enriched.derivation().orElseThrow();
        Derivation.Enrichment withEmail = new Derivation.Enrichment(demo.stream(), demo.table(), demo.joinKey(),
                Map.of("customerSegment", "segment", "customerCity", "email"), demo.grace(), demo.onMissing());
        assertThat(problems(new Shape(enriched.topic(), enriched.schema(), enriched.keyField(),
                enriched.classifications(), Optional.of(withEmail))))
                .containsExactly("orders.order-placed-enriched.v1: customerCity copies email, which is personal data"
                        + " in customers.customer-registered.v1; enrichments do not copy personal data from tables");
    }

    @Test
    void keepsMoneyExact() {
        DataContract sales = DEMO.get("orders.restaurant-sales.v1");
        Schema withDoubles = new Schema.Parser().parse("""
                {"type": "record", "name": "RestaurantSales", "fields": [
                  {"name": "restaurantId", "type": "string"},
                  {"name": "windowStart", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "windowEnd", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "orders", "type": "long"},
                  {"name": "revenue", "type": "double"},
                  {"name": "averageOrder", "type": ["null", "double"], "default": null},
                  {"name": "largestOrder", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 10,
                    "scale": 1}], "default": null}]}
                """);
        Shape computed = new Shape(sales.topic(), withDoubles, sales.keyField(), sales.classifications(), sales.derivation());

        assertThat(problems(computed)).containsExactly(
                "orders.restaurant-sales.v1: measure revenue is the sum of price.total, a decimal in orders.order-placed.v2,"
                        + " so revenue must be a decimal too ({\"type\": \"bytes\", \"logicalType\": \"decimal\", ...})"
                        + " to stay exact",
                "orders.restaurant-sales.v1: measure averageOrder is the avg of price.total, a decimal in"
                        + " orders.order-placed.v2, so averageOrder must be a decimal too ({\"type\": \"bytes\","
                        + " \"logicalType\": \"decimal\", ...}) to stay exact",
                "orders.restaurant-sales.v1: measure largestOrder has scale 1, less than the 2 of price.total in"
                        + " orders.order-placed.v2: its values would be rounded");
    }

    private static Derivation.Aggregation aggregate(String source, String groupBy, Derivation.Measure... measures) {
        return new Derivation.Aggregation(source, groupBy, Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofSeconds(30), List.of(measures));
    }

    private static List<String> problems(ProductShape product) {
        return DerivationCheck.problems(product, topic -> Optional.ofNullable(DEMO.get(topic)));
    }
}
