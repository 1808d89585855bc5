package io.meshwork.gateway.registry;

import java.util.concurrent.atomic.AtomicInteger;

/** Avro schemas and unique subject names for registry tests. */
final class Schemas {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Schemas() {
    }

    /** A subject of the domain that no other test uses, e.g. {@code orders.order-placed-7.v1-value}. */
    static String subject(String domain, String event) {
        return domain + "." + event + "-" + System.nanoTime() % 100_000 + "-" + SEQUENCE.incrementAndGet() + ".v1-value";
    }

    /** A record named {@code Order} with the given fields (JSON field definitions). */
    static String order(String... fields) {
        return "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.meshwork.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    /** Like {@link #order}, in a namespace of its own, so no other test registers the same schema. */
    static String uniqueOrder(String... fields) {
        return order(fields).replace("\"io.meshwork.test\"", "\"io.meshwork.test.t" + SEQUENCE.incrementAndGet() + "\"");
    }

    static final String ID = "{\"name\":\"id\",\"type\":\"string\"}";
    static final String AMOUNT = "{\"name\":\"amount\",\"type\":\"int\"}";
    static final String AMOUNT_LONG = "{\"name\":\"amount\",\"type\":\"long\"}";
    static final String AMOUNT_STRING = "{\"name\":\"amount\",\"type\":\"string\"}";
    static final String AMOUNT_DEFAULT = "{\"name\":\"amount\",\"type\":\"int\",\"default\":0}";
    static final String NOTE_DEFAULT = "{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}";
    static final String NOTE = "{\"name\":\"note\",\"type\":\"string\"}";
    static final String NAME = "{\"name\":\"name\",\"type\":\"string\"}";
    static final String FULL_NAME_ALIAS = "{\"name\":\"fullName\",\"type\":\"string\",\"aliases\":[\"name\"]}";

    static String status(String... symbols) {
        return "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\""
                + String.join("\",\"", symbols) + "\"]}}";
    }
}
