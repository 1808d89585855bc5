package io.meshwork.core.kafka;

import java.util.List;

/**
 * A topic the mesh needs exists, but not as it needs it: e.g. {@code _mesh.schemas} with
 * {@code cleanup.policy=delete}, which would expire the schemas. Nothing can fix that but an operator.
 */
public final class TopicMismatchException extends RuntimeException {

    private final String topic;
    private final List<String> differences;

    public TopicMismatchException(String topic, List<String> differences) {
        super(topic + " exists, but not as the mesh needs it: " + String.join("; ", differences));
        this.topic = topic;
        this.differences = List.copyOf(differences);
    }

    public String topic() {
        return topic;
    }

    public List<String> differences() {
        return differences;
    }
}
