package io.meshwork.cli.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.json.MeshJson;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;

/** Query results as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
final class ResultFormats {

    private static final ObjectMapper JSON = MeshJson.mapper();

    private ResultFormats() {
    }

    static void table(List<String> names, List<Object[]> rows, PrintWriter out, int maxCell) {
        int[] widths = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            widths[i] = names.get(i).length();
            for (Object[] row : rows) {
                widths[i] = Math.max(widths[i], cell(row[i], maxCell).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            header.append(i == 0 ? "" : " | ").append(pad(names.get(i), widths[i]));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (Object[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String text = cell(row[i], maxCell);
                line.append(i == 0 ? "" : " | ")
                        .append(row[i] instanceof Number ? " ".repeat(widths[i] - text.length()) + text : pad(text, widths[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
    }

    static void csv(List<String> names, List<Object[]> rows, PrintWriter out) {
        out.println(String.join(",", names.stream().map(ResultFormats::quote).toList()));
        for (Object[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : ",").append(row[i] == null ? "" : quote(String.valueOf(row[i])));
            }
            out.println(line);
        }
    }

    static void json(List<String> names, List<Object[]> rows, PrintWriter out) {
        ArrayNode array = JSON.createArrayNode();
        for (Object[] row : rows) {
            ObjectNode object = array.addObject();
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                if (value == null) {
                    object.putNull(names.get(i));
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    object.put(names.get(i), ((Number) value).longValue());
                } else if (value instanceof Double || value instanceof Float) {
                    object.put(names.get(i), ((Number) value).doubleValue());
                } else if (value instanceof BigDecimal decimal) {
                    object.put(names.get(i), decimal);
                } else if (value instanceof Boolean bool) {
                    object.put(names.get(i), bool);
                } else {
                    object.put(names.get(i), String.valueOf(value));
                }
            }
        }
        out.println(array.toPrettyString());
    }

    private static String cell(Object value, int max) {
        String text = value == null ? "NULL" : String.valueOf(value).replace('\n', ' ');
        return text.length() > max ? text.substring(0, max - 1) + "…" : text;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
