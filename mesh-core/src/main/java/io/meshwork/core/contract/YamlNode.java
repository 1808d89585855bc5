package io.meshwork.core.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A node of a YAML document that knows its line and its path from the root, for located errors. */
final class YamlNode {

    private final Node node;
    private final String path;

    YamlNode(Node node, String path) {
        this.node = node;
        this.path = path;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    String path() {
        return path;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** The scalar's text; {@code null} for a mapping or sequence. */
    String text() {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    /** A mapping's entries in document order; empty for anything else. */
    Map<String, YamlNode> entries() {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                entries.put(key, new YamlNode(tuple.getValueNode(), path.isEmpty() ? key : path + "." + key));
            }
        }
        return entries;
    }

    Optional<YamlNode> get(String key) {
        return Optional.ofNullable(entries().get(key));
    }

    /** A sequence's items; empty for anything else. */
    List<YamlNode> items() {
        List<YamlNode> items = new ArrayList<>();
        if (node instanceof SequenceNode sequence) {
            List<Node> values = sequence.getValue();
            for (int i = 0; i < values.size(); i++) {
                items.add(new YamlNode(values.get(i), path + "[" + i + "]"));
            }
        }
        return items;
    }
}
