package io.meshwork.core.cloudevents;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The CloudEvents Kafka protocol binding's headers (binary content mode) as Meshwork writes them: the
 * source is the owning domain, the type is the product's topic, and the data is Avro in Confluent's
 * wire format.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";
    public static final String AVRO = "application/avro";
    /**
     * Set by the gateway on the events it checked against their contract before publishing them,
     * beside its {@link io.meshwork.core.quality.CheckSeal seal}, which proves it.
     */
    public static final String CHECKED_BY = "mesh_checked_by";
    /** The dead-letter reason of an event that broke its contract after it was published natively. */
    public static final String POST_PUBLISH_REASON = "post-publish-violation";

    private CloudEventHeaders() {
    }

    /**
     * Adds the headers of one event.
     *
     * @param id the event's id, unique within its source
     * @param domain the domain that owns the product
     * @param topic the product's topic
     * @param time when the event happened
     */
    public static Headers add(Headers headers, String id, String domain, String topic, Instant time) {
        return headers.add(header(ID, id)).add(header(SOURCE, domain)).add(header(TYPE, topic))
                .add(header(TIME, time.toString())).add(header(SPEC_VERSION, "1.0")).add(header(CONTENT_TYPE, AVRO));
    }

    /**
     * A new event id: a random (version 4) UUID. Its bits come from the thread's own generator rather
     * than {@link UUID#randomUUID()}'s shared {@code SecureRandom}, whose lock every thread publishing
     * events would wait for; an event id must be unique, not secret.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }

    /** The last value of a header as text, if present. */
    public static Optional<String> get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** A header with a UTF-8 text value. */
    public static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
