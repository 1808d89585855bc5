package io.meshwork.gateway.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import io.meshwork.gateway.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/** Reads a batch: a JSON array, or NDJSON (one event per line). */
final class BatchReader {

    /** Strict: nothing may follow the batch, and numbers keep every digit they were sent with. */
    private static final ObjectMapper JSON = MeshJson.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> ENVELOPE_KEYS = Set.of("id", "time", "data", "source", "type", "specversion",
            "datacontenttype", "subject");

    private BatchReader() {
    }

    /**
     * @param maxEventBytes the most bytes one event's JSON may have, below Kafka's largest record
     */
    static List<IncomingEvent> read(String body, boolean ndjson, Schema schema, int maxEvents, long maxEventBytes) {
        List<JsonNode> nodes = ndjson ? lines(body) : array(body);
        if (nodes.isEmpty()) {
            throw new ProblemException(400, "Empty batch", "the batch has no events");
        }
        if (nodes.size() > maxEvents) {
            throw new ProblemException(413, "Batch too large", "the batch has " + nodes.size() + " events; send at most "
                    + maxEvents + " per request");
        }
        if (body.length() > maxEventBytes) {
            for (int i = 0; i < nodes.size(); i++) {
                long size = size(nodes.get(i));
                if (size > maxEventBytes) {
                    throw new ProblemException(413, "Event too large", "event " + i + " has " + size + " bytes of JSON;"
                            + " an event may have at most " + maxEventBytes + " (mesh.ingest.max-event-size)");
                }
            }
        }
        List<IncomingEvent> events = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            events.add(event(nodes.get(i), schema, i));
        }
        return events;
    }

    private static List<JsonNode> array(String body) {
        JsonNode root = parse(body, "the body");
        if (!root.isArray()) {
            throw new ProblemException(400, "Not a batch", "send a JSON array of events, or NDJSON with"
                    + " Content-Type application/x-ndjson");
        }
        List<JsonNode> nodes = new ArrayList<>();
        root.forEach(nodes::add);
        return nodes;
    }

    private static List<JsonNode> lines(String body) {
        List<JsonNode> nodes = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                nodes.add(parse(lines[i], "line " + (i + 1)));
            }
        }
        return nodes;
    }

    private static JsonNode parse(String text, String where) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProblemException(400, "Unreadable JSON", where + " is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
    }

    private static long size(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            return Long.MAX_VALUE;
        }
    }

    /** An event as sent, or in a CloudEvents envelope when it has {@code data} and the schema has no such field. */
    private static IncomingEvent event(JsonNode node, Schema schema, int index) {
        if (!isEnvelope(node, schema)) {
            return new IncomingEvent(node, Optional.empty(), Optional.empty());
        }
        Optional<String> id = Optional.ofNullable(node.get("id")).filter(JsonNode::isTextual).map(JsonNode::asText);
        Optional<Instant> time = Optional.ofNullable(node.get("time")).map(t -> {
            try {
                return OffsetDateTime.parse(t.asText()).toInstant();
            } catch (DateTimeParseException e) {
                String text = t.asText().length() > 40 ? t.asText().substring(0, 37) + "..." : t.asText();
                throw new ProblemException(400, "Bad event time", "event " + index + ": time '" + text
                        + "' is not an ISO-8601 timestamp with an offset");
            }
        });
        return new IncomingEvent(node.get("data"), id, time);
    }

    private static boolean isEnvelope(JsonNode node, Schema schema) {
        if (!node.isObject() || !node.has("data") || schema.getField("data") != null) {
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!ENVELOPE_KEYS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }
}
