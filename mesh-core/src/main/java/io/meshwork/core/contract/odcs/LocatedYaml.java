package io.meshwork.core.contract.odcs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a JSON tree, with the line each value starts on, by JSON pointer
 * ({@code /schema/0/properties/1/name}). One document per file; anchors and tags are YAML's own.
 *
 * @param tree the document
 * @param lines the line (from 1) of every value, by pointer; the root is {@code ""}
 */
public record LocatedYaml(JsonNode tree, Map<String, Integer> lines) {

    private static final YAMLFactory YAML = YAMLMapper.builder().build().getFactory();
    private static final ObjectMapper TREES = new YAMLMapper();

    /** YAML that does not parse: where, and why. */
    public static final class Unparsable extends Exception {

        private final int line;

        Unparsable(int line, String message) {
            super(message);
            this.line = line;
        }

        /** The line of the problem, from 1; 0 when unknown. */
        public int line() {
            return line;
        }
    }

    public LocatedYaml {
        lines = Map.copyOf(lines);
    }

    /**
     * Reads the document.
     *
     * @throws Unparsable when it is not YAML, or empty
     */
    public static LocatedYaml parse(String yaml) throws Unparsable {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw new Unparsable(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Unparsable(0, "not valid YAML: " + e.getMessage());
        }
        JsonNode tree;
        try {
            tree = TREES.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new Unparsable(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new Unparsable(0, "the file is empty");
        }
        return new LocatedYaml(tree, lines);
    }

    /** The line of the value at the pointer, or of the nearest value that holds it. */
    public int line(String pointer) {
        for (String at = pointer; ; at = at.substring(0, at.lastIndexOf('/'))) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            if (at.isEmpty()) {
                return 1;
            }
        }
    }

    /** A pointer as the problems name a field: {@code schema[0].properties[1].name}. */
    public static String field(String pointer) {
        StringBuilder field = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                field.append('[').append(name).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.toString();
    }
}
