package io.meshwork.archiver;

import org.apache.avro.Schema;

/** The test product's schemas: v1 and a compatible evolution with an optional field. */
public final class TestSchemas {

    public static final String BASKET_V1 = """
            {"type": "record", "name": "BasketCheckedOut", "namespace": "io.meshwork.test.shop", "fields": [
              {"name": "basketId", "type": "string"},
              {"name": "customerEmail", "type": "string"},
              {"name": "total", "type": "double"}]}
            """;

    public static final String BASKET_V1_WITH_COUPON = """
            {"type": "record", "name": "BasketCheckedOut", "namespace": "io.meshwork.test.shop", "fields": [
              {"name": "basketId", "type": "string"},
              {"name": "customerEmail", "type": "string"},
              {"name": "total", "type": "double"},
              {"name": "coupon", "type": ["null", "string"], "default": null}]}
            """;

    private TestSchemas() {
    }

    public static Schema parse(String avsc) {
        return new Schema.Parser().parse(avsc);
    }
}
