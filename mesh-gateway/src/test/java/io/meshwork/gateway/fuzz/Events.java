package io.meshwork.gateway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Events of a product as JSON: valid for its schema (though not always for its rules), and mutated
 * the ways clients get them wrong: a field missing, unknown, null, of the wrong type, or junk.
 */
final class Events {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;
    private final Junk junk;

    Events(Random random, Junk junk) {
        this.random = random;
        this.junk = junk;
    }

    /** An event that fits the schema. */
    JsonNode valid(Schema schema) {
        return value(schema, 0);
    }

    /** An event with one to three things wrong with it, or none. */
    JsonNode mutated(Schema schema) {
        JsonNode event = valid(schema);
        if (!(event instanceof ObjectNode object) || junk.chance(30)) {
            return event;
        }
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            String name = names.isEmpty() ? "x" : junk.pick(names);
            switch (random.nextInt(6)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(junk.string(), junk.value(2));
                case 2 -> object.putNull(name);
                case 3 -> object.set(name, junk.value(3));
                case 4 -> object.set(name, junk.number());
                default -> object.set(name, junk.deep(1 + random.nextInt(200)));
            }
        }
        return object;
    }

    private JsonNode value(Schema schema, int depth) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            int digits = Math.max(1, decimal.getPrecision() - decimal.getScale());
            BigDecimal number = BigDecimal.valueOf(random.nextDouble() * Math.pow(10, Math.min(digits, 6) - 1))
                    .setScale(decimal.getScale(), RoundingMode.HALF_UP);
            return random.nextBoolean() ? NODES.numberNode(number) : NODES.textNode(number.toPlainString());
        }
        if (logical instanceof LogicalTypes.Uuid) {
            return NODES.textNode(UUID.randomUUID().toString());
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return NODES.textNode(Instant.now().minusSeconds(random.nextInt(86_400)).toString());
        }
        if (logical instanceof LogicalTypes.Date) {
            return NODES.textNode(LocalDate.now().minusDays(random.nextInt(1000)).toString());
        }
        return switch (schema.getType()) {
            case RECORD -> {
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    if (!field.hasDefaultValue() || random.nextBoolean()) {
                        object.set(field.name(), value(field.schema(), depth + 1));
                    }
                }
                yield object;
            }
            case UNION -> {
                List<Schema> types = schema.getTypes();
                Schema chosen = types.get(random.nextInt(types.size()));
                yield chosen.getType() == Schema.Type.NULL ? NODES.nullNode() : value(chosen, depth);
            }
            case STRING -> NODES.textNode(junk.chance(80) ? "v-" + random.nextInt(1000) : junk.string());
            case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
            case INT -> NODES.numberNode(random.nextInt(1000));
            case LONG -> NODES.numberNode(random.nextInt(1_000_000));
            case FLOAT, DOUBLE -> NODES.numberNode(random.nextDouble() * 100);
            case ENUM -> NODES.textNode(schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(depth > 3 ? 1 : 4); i > 0; i--) {
                    array.add(value(schema.getElementType(), depth + 1));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    map.set("k" + i, value(schema.getValueType(), depth + 1));
                }
                yield map;
            }
            case BYTES, FIXED -> NODES.textNode("AAEC");
            case NULL -> NODES.nullNode();
        };
    }
}
