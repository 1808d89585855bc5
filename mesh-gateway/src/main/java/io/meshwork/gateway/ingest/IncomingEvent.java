package io.meshwork.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of a batch: its data, and the CloudEvents id and time when the producer gave them
 * (in a structured envelope {@code {"id": ..., "time": ..., "data": {...}}}).
 */
record IncomingEvent(JsonNode data, Optional<String> id, Optional<Instant> time) {
}
