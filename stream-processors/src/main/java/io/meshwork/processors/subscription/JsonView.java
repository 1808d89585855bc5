package io.meshwork.processors.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a subscription delivers of an event: its projection, and its personal data masked. */
final class JsonView {

    private JsonView() {
    }

    /** The fields at the dotted paths, nested as in the event; the whole event when no path is given. */
    static ObjectNode project(ObjectNode event, List<String> paths) {
        if (paths.isEmpty()) {
            return event.deepCopy();
        }
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        for (String path : paths) {
            String[] parts = path.split("\\.");
            JsonNode value = event;
            for (String part : parts) {
                value = value == null || !value.isObject() ? null : value.get(part);
            }
            ObjectNode parent = view;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
            }
            parent.set(parts[parts.length - 1], value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy());
        }
        return view;
    }

    /** Sets the fields at the dotted paths to null where the view has them; returns those it masked. */
    static List<String> mask(ObjectNode view, Collection<String> paths) {
        List<String> masked = new ArrayList<>();
        for (String path : paths) {
            String[] parts = path.split("\\.");
            JsonNode parent = view;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]);
            }
            if (parent instanceof ObjectNode object && object.has(parts[parts.length - 1])
                    && !object.get(parts[parts.length - 1]).isNull()) {
                object.putNull(parts[parts.length - 1]);
                masked.add(path);
            }
        }
        return masked;
    }
}
