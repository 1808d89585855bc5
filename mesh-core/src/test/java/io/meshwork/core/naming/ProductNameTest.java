package io.meshwork.core.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductNameTest {

    @Test
    void parsesATopicIntoDomainEventAndMajor() {
        ProductName name = ProductName.parse("app-analytics.screen-viewed.v12");

        assertThat(name).isEqualTo(new ProductName("app-analytics", "screen-viewed", 12));
        assertThat(name.topic()).isEqualTo("app-analytics.screen-viewed.v12");
        assertThat(name.valueSubject()).isEqualTo("app-analytics.screen-viewed.v12-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.order-placed", "orders.order-placed.v0", "orders.order-placed.1",
        "Orders.order-placed.v1", "orders.order_placed.v1", "orders.order--placed.v1", "orders..v1",
        "_mesh.schemas.v1", "orders.order-placed.v1.extra", "1orders.order-placed.v1"})
    void refusesNamesOffTheConvention(String topic) {
        assertThatThrownBy(() -> ProductName.parse(topic)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saysWhatIsWrongWithAName() {
        assertThat(ProductName.checkName("domain", "Order_Service"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("domain 'Order_Service' is not lower-kebab case"));
        assertThat(ProductName.checkName("domain", "orders")).isEmpty();
        assertThatThrownBy(() -> ProductName.parse("orders.placed"))
                .hasMessageContaining("expected <domain>.<event-name>.v<major>");
    }
}
