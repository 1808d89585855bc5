package io.meshwork.cli.lake;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.lake.LakePaths;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Which rows of a table a query can touch, as an Iceberg filter that plans only the files holding
 * any: the conjuncts of the query's {@code WHERE} that compare a column with a constant, read from
 * DuckDB's own parse of the query ({@code json_serialize_sql}). {@code dt} becomes a range of
 * {@code _kafka_timestamp}; any other top-level column is compared as it is, so that its bounds in
 * each file's metrics prune too. What is not understood is left out, which can only plan more files,
 * never fewer; a query that is not one {@code SELECT} from the table alone gets no filter at all.
 */
final class QueryFilter {

    private static final long DAY_MICROS = 86_400_000_000L;

    private QueryFilter() {
    }

    /**
     * @param view the view the query reads, named once in it
     * @return the filter, or empty when the query gives none that is safe to apply to the table
     */
    static Optional<Expression> of(Connection duck, String sql, String view, Schema schema) {
        JsonNode select;
        try (Statement statement = duck.createStatement();
             ResultSet parsed = statement.executeQuery("SELECT json_serialize_sql('" + sql.replace("'", "''") + "')")) {
            parsed.next();
            JsonNode tree = MeshJson.mapper().readTree(parsed.getString(1));
            if (tree.path("error").asBoolean(true) || tree.path("statements").size() != 1) {
                return Optional.empty();
            }
            select = tree.path("statements").get(0).path("node");
        } catch (SQLException | IOException unparsed) {
            return Optional.empty();
        }
        JsonNode from = select.path("from_table");
        if (!"SELECT_NODE".equals(select.path("type").asText()) || !"BASE_TABLE".equals(from.path("type").asText())
                || !view.equalsIgnoreCase(from.path("table_name").asText())
                || !select.path("cte_map").path("map").isEmpty() || select.path("where_clause").isMissingNode()
                || select.path("where_clause").isNull()) {
            return Optional.empty();
        }
        List<Expression> conjuncts = new ArrayList<>();
        collect(select.path("where_clause"), view, schema, conjuncts);
        return conjuncts.stream().reduce(Expressions::and);
    }

    private static void collect(JsonNode node, String view, Schema schema, List<Expression> into) {
        switch (node.path("class").asText()) {
            case "CONJUNCTION" -> {
                if ("CONJUNCTION_AND".equals(node.path("type").asText())) {
                    node.path("children").forEach(child -> collect(child, view, schema, into));
                }
            }
            case "COMPARISON" -> comparison(node.path("type").asText(), node.path("left"), node.path("right"), view,
                    schema).ifPresent(into::add);
            case "BETWEEN" -> {
                comparison("COMPARE_GREATERTHANOREQUALTO", node.path("input"), node.path("lower"), view, schema)
                        .ifPresent(into::add);
                comparison("COMPARE_LESSTHANOREQUALTO", node.path("input"), node.path("upper"), view, schema)
                        .ifPresent(into::add);
            }
            default -> {
                // not understood: left out
            }
        }
    }

    private static Optional<Expression> comparison(String type, JsonNode left, JsonNode right, String view, Schema schema) {
        if (!isColumn(left) && isColumn(right)) {
            return comparison(flip(type), right, left, view, schema);
        }
        if (!isColumn(left)) {
            return Optional.empty();
        }
        JsonNode names = left.path("column_names");
        // A column of the table itself: unqualified, or qualified by the table's name; not a field inside a struct.
        if (names.size() > 2 || names.size() == 2 && !names.get(0).asText().equalsIgnoreCase(view)) {
            return Optional.empty();
        }
        String column = names.get(names.size() - 1).asText();
        Optional<String> text = constant(right);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (column.equalsIgnoreCase("dt")) {
            return day(type, text.get());
        }
        Types.NestedField field = schema.caseInsensitiveFindField(column);
        if (field == null || !field.type().isPrimitiveType() || schema.asStruct().field(field.fieldId()) == null) {
            return Optional.empty();
        }
        Object value = literal(right, text.get());
        Expression expression = switch (type) {
            case "COMPARE_EQUAL" -> Expressions.equal(field.name(), value);
            case "COMPARE_LESSTHAN" -> Expressions.lessThan(field.name(), value);
            case "COMPARE_LESSTHANOREQUALTO" -> Expressions.lessThanOrEqual(field.name(), value);
            case "COMPARE_GREATERTHAN" -> Expressions.greaterThan(field.name(), value);
            case "COMPARE_GREATERTHANOREQUALTO" -> Expressions.greaterThanOrEqual(field.name(), value);
            default -> null;
        };
        if (expression == null) {
            return Optional.empty();
        }
        try {
            Binder.bind(schema.asStruct(), expression, false);
            return Optional.of(expression);
        } catch (RuntimeException incomparable) {
            return Optional.empty();
        }
    }

    /** {@code dt} compared with a date, as a range of event times. */
    private static Optional<Expression> day(String type, String text) {
        long start;
        try {
            start = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        } catch (RuntimeException notADate) {
            return Optional.empty();
        }
        String time = LakePaths.TIMESTAMP_COLUMN;
        return Optional.ofNullable(switch (type) {
            case "COMPARE_EQUAL" -> Expressions.and(Expressions.greaterThanOrEqual(time, start),
                    Expressions.lessThan(time, start + DAY_MICROS));
            case "COMPARE_LESSTHAN" -> Expressions.lessThan(time, start);
            case "COMPARE_LESSTHANOREQUALTO" -> Expressions.lessThan(time, start + DAY_MICROS);
            case "COMPARE_GREATERTHAN" -> Expressions.greaterThanOrEqual(time, start + DAY_MICROS);
            case "COMPARE_GREATERTHANOREQUALTO" -> Expressions.greaterThanOrEqual(time, start);
            default -> null;
        });
    }

    private static boolean isColumn(JsonNode node) {
        return "COLUMN_REF".equals(node.path("class").asText());
    }

    /** The text of a constant, or of a constant cast to a type (e.g. {@code DATE '2026-12-01'}). */
    private static Optional<String> constant(JsonNode node) {
        if ("CAST".equals(node.path("class").asText())) {
            return constant(node.path("child"));
        }
        if (!"CONSTANT".equals(node.path("class").asText()) || node.path("literal").path("kind").asText().equals("NULL")) {
            return Optional.empty();
        }
        return Optional.of(node.path("literal").path("text").asText());
    }

    private static Object literal(JsonNode node, String text) {
        String kind = node.path("literal").path("kind").asText();
        if ("CAST".equals(node.path("class").asText())) {
            return text;
        }
        return switch (kind) {
            case "INTEGER" -> Long.parseLong(text);
            case "DECIMAL", "DOUBLE", "FLOAT" -> new java.math.BigDecimal(text);
            default -> text;
        };
    }

    private static String flip(String type) {
        return switch (type) {
            case "COMPARE_LESSTHAN" -> "COMPARE_GREATERTHAN";
            case "COMPARE_LESSTHANOREQUALTO" -> "COMPARE_GREATERTHANOREQUALTO";
            case "COMPARE_GREATERTHAN" -> "COMPARE_LESSTHAN";
            case "COMPARE_GREATERTHANOREQUALTO" -> "COMPARE_LESSTHANOREQUALTO";
            default -> type;
        };
    }
}
