package io.meshwork.gateway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * Values a careless or hostile client sends: strings of every awkward kind, numbers at and beyond
 * every limit, JSON of any shape and depth. Deterministic for a given {@link Random}.
 */
final class Junk {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> STRINGS = List.of("", " ", "null", "0", "-1", "1e400", "NaN", "Infinity",
            "../../etc/passwd", "%00", "\u0000", "a\nb", "ü😀\u202e", "'; DROP TABLE x;--", "{\"x\":1}", "[]", "${x}",
            "#{x}", "<script>", "\\", "\"", "mesh-gateway", "_mesh.schemas", "orders.order-placed.v2",
            "orders.order-placed.v2-value", "latest", "-2147483649", "9223372036854775808", "P999999999999D",
            "0001-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1e1000000000", "READONLY", "NONE", "IMPORT",
            "FULL_TRANSITIVE", "admin", "billing", "orders", "x".repeat(300));
    private static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "0.5", "1e400", "-1e400", "1e-400",
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "123456789012345678901234567890",
            "1e308", "4.9e-324", "12.345678901234567890");

    private final Random random;

    Junk(Random random) {
        this.random = random;
    }

    String string() {
        return switch (random.nextInt(5)) {
            case 0 -> STRINGS.get(random.nextInt(STRINGS.size()));
            case 1 -> "x".repeat(random.nextInt(20_000));
            case 2 -> randomText(random.nextInt(40));
            default -> randomText(1 + random.nextInt(12));
        };
    }

    JsonNode number() {
        return NODES.numberNode(new BigDecimal(NUMBERS.get(random.nextInt(NUMBERS.size()))));
    }

    /** Any JSON value, nested up to {@code depth}. */
    JsonNode value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> number();
            case 3, 4 -> NODES.textNode(string());
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(random.nextBoolean() ? randomText(6) : string(), value(depth - 1));
                }
                yield object;
            }
        };
    }

    /** JSON nested far deeper than anyone means. */
    JsonNode deep(int levels) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < levels; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("x", node);
        }
        return node;
    }

    /** Text that is not JSON, or is JSON cut short. */
    String brokenJson() {
        return switch (random.nextInt(4)) {
            case 0 -> "{";
            case 1 -> "[{\"a\": 1},";
            case 2 -> string();
            default -> "{\"a\": 1} trailing";
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(10) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f));
        }
        return text.toString();
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    int upTo(int bound) {
        return random.nextInt(bound);
    }
}
