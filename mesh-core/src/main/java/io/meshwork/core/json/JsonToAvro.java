package io.meshwork.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts an event written in plain JSON (not Avro's JSON encoding) to an Avro record of a given
 * schema: timestamps from ISO-8601 strings, decimals from numbers or strings, UUIDs and dates
 * from strings, unions from the value itself, defaults for absent fields. Every problem is
 * reported with its JSON path, e.g. {@code $.items[2].quantity}.
 */
public final class JsonToAvro {

    private JsonToAvro() {
    }

    /**
     * The record, or every problem that kept the JSON from becoming one.
     *
     * @param record the converted record, {@code null} when there are problems
     */
    public record Result(GenericRecord record, List<JsonProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Converts a JSON object to a record of {@code schema}, which must be an Avro record. */
    public static Result convert(JsonNode json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("events are Avro records, not " + schema.getType());
        }
        List<JsonProblem> problems = new ArrayList<>();
        Object value = new Conversion(problems).value(json, schema, "$");
        return problems.isEmpty() ? new Result((GenericRecord) value, List.of()) : new Result(null, List.copyOf(problems));
    }

    /** The longest decimal written as a string that is read at all. */
    static final int MAX_DECIMAL_TEXT = 100;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_PATH = 200;
    private static final int MAX_MESSAGE = 500;

    /** One conversion: collects problems instead of stopping at the first. */
    private record Conversion(List<JsonProblem> problems) {

        Object value(JsonNode json, Schema schema, String path) {
            if (schema.getType() == Schema.Type.UNION) {
                return union(json, schema, path);
            }
            if (json == null || json.isNull()) {
                if (schema.getType() != Schema.Type.NULL) {
                    problem(path, "must not be null: expected " + describe(schema));
                }
                return null;
            }
            LogicalType logical = schema.getLogicalType();
            if (logical != null) {
                return logical(json, schema, logical, path);
            }
            return switch (schema.getType()) {
                case RECORD -> record(json, schema, path);
                case STRING -> json.isTextual() ? json.textValue() : mismatch(json, schema, path);
                case BOOLEAN -> json.isBoolean() ? json.booleanValue() : mismatch(json, schema, path);
                case INT -> json.isIntegralNumber() && json.canConvertToInt() ? json.intValue()
                        : json.isIntegralNumber() ? fail(path, "" + json + " is out of range for an int")
                        : mismatch(json, schema, path);
                case LONG -> json.isIntegralNumber() && json.canConvertToLong() ? json.longValue()
                        : json.isIntegralNumber() ? fail(path, "" + json + " is out of range for a long")
                        : mismatch(json, schema, path);
                case FLOAT -> !json.isNumber() ? mismatch(json, schema, path)
                        : Float.isFinite(json.floatValue()) ? json.floatValue()
                        : fail(path, numberText(json) + " is out of range for a float");
                case DOUBLE -> !json.isNumber() ? mismatch(json, schema, path)
                        : Double.isFinite(json.doubleValue()) ? json.doubleValue()
                        : fail(path, numberText(json) + " is out of range for a double");
                case ENUM -> enumSymbol(json, schema, path);
                case ARRAY -> array(json, schema, path);
                case MAP -> map(json, schema, path);
                case BYTES -> bytes(json, path) instanceof byte[] b ? ByteBuffer.wrap(b) : null;
                case FIXED -> fixed(json, schema, path);
                case NULL -> mismatch(json, schema, path);
                case UNION -> throw new IllegalStateException("unions are resolved above");
            };
        }

        private GenericRecord record(JsonNode json, Schema schema, String path) {
            if (!json.isObject()) {
                return mismatch(json, schema, path);
            }
            GenericRecord record = new GenericData.Record(schema);
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (schema.getField(name) == null) {
                    problem(child(path, name), "unknown field; " + schema.getName() + " has "
                            + String.join(", ", schema.getFields().stream().map(Schema.Field::name).toList()));
                }
            }
            for (Schema.Field field : schema.getFields()) {
                // An Avro field name is always a plain identifier.
                String fieldPath = path + "." + field.name();
                JsonNode value = json.get(field.name());
                if (value == null) {
                    if (field.hasDefaultValue()) {
                        record.put(field.pos(), defaultOf(field));
                    } else {
                        problem(fieldPath, "required, but missing: expected " + describe(field.schema()));
                    }
                } else {
                    record.put(field.pos(), value(value, field.schema(), fieldPath));
                }
            }
            return record;
        }

        private Object union(JsonNode json, Schema union, String path) {
            if (json == null || json.isNull()) {
                if (union.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                    return null;
                }
                return fail(path, "must not be null: expected " + describe(union));
            }
            List<Schema> candidates = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            for (Schema candidate : candidates) {
                List<JsonProblem> trial = new ArrayList<>();
                Object value = new Conversion(trial).value(json, candidate, path);
                if (trial.isEmpty()) {
                    return value;
                }
                if (candidates.size() == 1) {
                    problems.addAll(trial);
                    return null;
                }
            }
            return fail(path, "" + abbreviate(json) + " fits none of " + describe(union));
        }

        private Object logical(JsonNode json, Schema schema, LogicalType logical, String path) {
            if (logical instanceof LogicalTypes.Decimal decimal) {
                return decimal(json, schema, decimal, path);
            }
            if (logical instanceof LogicalTypes.Uuid) {
                if (!json.isTextual()) {
                    return mismatch(json, schema, path);
                }
                try {
                    return UUID.fromString(json.textValue()).toString();
                } catch (IllegalArgumentException e) {
                    return fail(path, quoted(json.textValue()) + " is not a UUID");
                }
            }
            if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
                    || logical instanceof LogicalTypes.LocalTimestampMillis
                    || logical instanceof LogicalTypes.LocalTimestampMicros) {
                return timestamp(json, logical, path);
            }
            if (logical instanceof LogicalTypes.Date) {
                if (json.isIntegralNumber()) {
                    return json.canConvertToInt() ? json.intValue() : fail(path, abbreviate(json)
                            + " is out of range for a date (days since 1970-01-01)");
                }
                try {
                    return json.isTextual() ? Math.toIntExact(LocalDate.parse(json.textValue()).toEpochDay())
                            : mismatch(json, schema, path);
                } catch (DateTimeParseException | ArithmeticException e) {
                    return fail(path, quoted(json.textValue()) + " is not a date like 2026-11-22");
                }
            }
            if (logical instanceof LogicalTypes.TimeMillis || logical instanceof LogicalTypes.TimeMicros) {
                if (json.isIntegralNumber()) {
                    boolean fits = logical instanceof LogicalTypes.TimeMillis ? json.canConvertToInt() : json.canConvertToLong();
                    return !fits ? fail(path, abbreviate(json) + " is out of range for a time of day")
                            : logical instanceof LogicalTypes.TimeMillis ? (Object) json.intValue() : json.longValue();
                }
                try {
                    long nanos = LocalTime.parse(json.asText()).toNanoOfDay();
                    return logical instanceof LogicalTypes.TimeMillis ? (Object) (int) (nanos / 1_000_000) : nanos / 1_000;
                } catch (DateTimeParseException e) {
                    return fail(path, quoted(json.asText()) + " is not a time of day like 14:30:00");
                }
            }
            // A logical type this converter does not know: the underlying type decides.
            return value(json, new Schema.Parser().parse(withoutLogicalType(schema)), path);
        }

        private Object timestamp(JsonNode json, LogicalType logical, String path) {
            boolean micros = logical instanceof LogicalTypes.TimestampMicros
                    || logical instanceof LogicalTypes.LocalTimestampMicros;
            if (json.isIntegralNumber()) {
                return json.canConvertToLong() ? json.longValue()
                        : fail(path, abbreviate(json) + " is out of range for a timestamp");
            }
            if (!json.isTextual()) {
                return fail(path, "expected an ISO-8601 timestamp like 2026-11-22T12:00:00Z, got " + abbreviate(json));
            }
            try {
                Instant instant = IsoTimestamps.parse(json.textValue());
                return micros ? ChronoUnit.MICROS.between(Instant.EPOCH, instant) : instant.toEpochMilli();
            } catch (DateTimeParseException e) {
                return fail(path, quoted(json.textValue()) + " is not an ISO-8601 timestamp with an offset, like"
                        + " 2026-11-22T12:00:00Z");
            } catch (ArithmeticException e) {
                return fail(path, quoted(json.textValue()) + " is out of range for a timestamp");
            }
        }

        private Object decimal(JsonNode json, Schema schema, LogicalTypes.Decimal decimal, String path) {
            BigDecimal number;
            if (json.isNumber()) {
                if (json.isFloatingPointNumber() && !json.isBigDecimal() && !Double.isFinite(json.doubleValue())) {
                    return fail(path, numberText(json) + " is out of range for a decimal");
                }
                number = json.decimalValue();
            } else if (json.isTextual()) {
                if (json.textValue().length() > MAX_DECIMAL_TEXT) {
                    return fail(path, "a decimal of " + json.textValue().length() + " characters is longer than the "
                            + MAX_DECIMAL_TEXT + " allowed");
                }
                try {
                    number = new BigDecimal(json.textValue());
                } catch (NumberFormatException e) {
                    return fail(path, quoted(json.textValue()) + " is not a decimal number");
                }
            } else {
                return mismatch(json, schema, path);
            }
            // Checked on precision and scale before any arithmetic: 1e1000000000 is short to write, not to expand.
            int integerDigits = number.signum() == 0 ? 0 : number.precision() - number.scale();
            if (integerDigits > decimal.getPrecision() - decimal.getScale()) {
                return fail(path, abbreviate(number) + " has more than " + (decimal.getPrecision() - decimal.getScale())
                        + " digits before the decimal point");
            }
            BigDecimal stripped = number.stripTrailingZeros();
            if (stripped.scale() > decimal.getScale()) {
                return fail(path, abbreviate(number) + " has more than " + decimal.getScale() + " decimal places");
            }
            BigDecimal scaled = stripped.setScale(decimal.getScale());
            if (scaled.precision() > decimal.getPrecision()) {
                return fail(path, abbreviate(number) + " has more than " + decimal.getPrecision() + " digits");
            }
            byte[] bytes = scaled.unscaledValue().toByteArray();
            if (schema.getType() == Schema.Type.FIXED) {
                byte[] padded = new byte[schema.getFixedSize()];
                byte fill = (byte) (scaled.signum() < 0 ? 0xFF : 0x00);
                Arrays.fill(padded, 0, padded.length - bytes.length, fill);
                System.arraycopy(bytes, 0, padded, padded.length - bytes.length, bytes.length);
                return new GenericData.Fixed(schema, padded);
            }
            return ByteBuffer.wrap(bytes);
        }

        private Object enumSymbol(JsonNode json, Schema schema, String path) {
            if (!json.isTextual()) {
                return mismatch(json, schema, path);
            }
            if (!schema.hasEnumSymbol(json.textValue())) {
                return fail(path, quoted(json.textValue()) + " is not one of " + String.join(", ", schema.getEnumSymbols()));
            }
            return new GenericData.EnumSymbol(schema, json.textValue());
        }

        private Object array(JsonNode json, Schema schema, String path) {
            if (!json.isArray()) {
                return mismatch(json, schema, path);
            }
            List<Object> items = new ArrayList<>(json.size());
            for (int i = 0; i < json.size(); i++) {
                items.add(value(json.get(i), schema.getElementType(), path + "[" + i + "]"));
            }
            return new GenericData.Array<>(schema, items);
        }

        private Object map(JsonNode json, Schema schema, String path) {
            if (!json.isObject()) {
                return mismatch(json, schema, path);
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> entries.put(e.getKey(),
                    value(e.getValue(), schema.getValueType(), child(path, e.getKey()))));
            return entries;
        }

        private Object bytes(JsonNode json, String path) {
            if (!json.isTextual()) {
                return fail(path, "expected base64 text, got " + abbreviate(json));
            }
            try {
                return Base64.getDecoder().decode(json.textValue());
            } catch (IllegalArgumentException e) {
                return fail(path, "not base64: " + e.getMessage());
            }
        }

        private Object fixed(JsonNode json, Schema schema, String path) {
            if (!(bytes(json, path) instanceof byte[] b)) {
                return null;
            }
            if (b.length != schema.getFixedSize()) {
                return fail(path, "expected " + schema.getFixedSize() + " bytes, got " + b.length);
            }
            return new GenericData.Fixed(schema, b);
        }

        private <T> T mismatch(JsonNode json, Schema schema, String path) {
            return fail(path, "expected " + describe(schema) + ", got " + abbreviate(json));
        }

        private <T> T fail(String path, String message) {
            problem(path, message);
            return null;
        }

        private void problem(String path, String message) {
            // Both may quote what was sent, which may be huge: an answer never echoes more than a few hundred characters.
            problems.add(new JsonProblem(abbreviate(path, MAX_PATH), abbreviate(message, MAX_MESSAGE)));
        }
    }

    private static Object defaultOf(Schema.Field field) {
        Object value = GenericData.get().getDefaultValue(field);
        return value == JsonProperties.NULL_VALUE ? null : value;
    }

    private static String withoutLogicalType(Schema schema) {
        Schema plain = switch (schema.getType()) {
            case FIXED -> Schema.createFixed(schema.getName(), schema.getDoc(), schema.getNamespace(), schema.getFixedSize());
            default -> Schema.create(schema.getType());
        };
        return plain.toString();
    }

    private static String child(String path, String name) {
        return IDENTIFIER.matcher(name).matches() ? path + "." + name : path + "['" + name + "']";
    }

    static String describe(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return "a decimal number with at most " + decimal.getScale() + " decimal places";
        }
        if (logical != null) {
            return switch (logical.getName()) {
                case "timestamp-millis", "timestamp-micros", "local-timestamp-millis", "local-timestamp-micros" ->
                        "an ISO-8601 timestamp";
                case "date" -> "a date (YYYY-MM-DD)";
                case "uuid" -> "a UUID";
                default -> logical.getName();
            };
        }
        return switch (schema.getType()) {
            case RECORD -> "an object (" + schema.getName() + ")";
            case ENUM -> "one of " + String.join(", ", schema.getEnumSymbols());
            case ARRAY -> "an array";
            case MAP -> "an object";
            case UNION -> String.join(" or ", schema.getTypes().stream()
                    .map(s -> s.getType() == Schema.Type.NULL ? "null" : describe(s)).toList());
            case STRING -> "a string";
            case INT -> "an integer (int)";
            case LONG -> "an integer (long)";
            case FLOAT, DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case BYTES, FIXED -> "base64 text";
            case NULL -> "null";
        };
    }

    private static String abbreviate(JsonNode json) {
        return abbreviate(json.toString(), 40);
    }

    /** A number as sent; one that was read as a double and overflowed is beyond what any double holds. */
    private static String numberText(JsonNode json) {
        return json.isFloatingPointNumber() && !json.isBigDecimal() && !Double.isFinite(json.doubleValue())
                ? "a number beyond ±1.8e308" : abbreviate(json);
    }

    private static String abbreviate(BigDecimal number) {
        return abbreviate(number.toString(), 40);
    }

    private static String quoted(String text) {
        return "'" + abbreviate(text, 40) + "'";
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
