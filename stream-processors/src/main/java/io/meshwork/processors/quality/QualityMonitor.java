package io.meshwork.processors.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.json.AvroToJson;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.DeadLetterTopics;
import io.meshwork.core.naming.ProductName;
import io.meshwork.core.quality.CheckSeal;
import io.meshwork.core.quality.QualitySnapshot;
import io.meshwork.core.rules.RuleViolation;
import io.meshwork.processors.catalog.Products;
import io.meshwork.processors.event.Addressed;
import io.meshwork.processors.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks every event that the gateway did not seal ({@link CheckSeal}) against its contract's rules and
 * sends each violation to the domain's dead-letter topic with its reasons; the event itself stays
 * where it was published. Counts events, checks, violations and nulls per partition, and every
 * {@code reportInterval} writes them to {@code _mesh.quality} and starts counting again.
 */
public final class QualityMonitor implements Processor<String, Event, String, Addressed> {

    /** The dead-letter prefix the gateway uses too: {@code _mesh.dlq.<domain>}. */
    public static final String DLQ_PREFIX = DeadLetterTopics.PREFIX;
    private static final ObjectMapper JSON = MeshJson.mapper();

    private final Products products;
    private final Optional<CheckSeal> seal;
    private final QualityMetrics metrics;
    private final Consumer<String> ensureTopic;
    private final Duration reportInterval;
    private final Clock clock;
    private final Map<String, Counts> counts = new HashMap<>();
    private ProcessorContext<String, Addressed> context;
    private Instant lastReport;

    /** The counts of one partition since the last report. */
    private static final class Counts {
        final String topic;
        final int partition;
        long events;
        long checked;
        long violations;
        long maxDelayMillis;
        Instant newestEventTime;
        final Map<String, Long> byRule = new TreeMap<>();
        final Map<String, Long> nulls = new TreeMap<>();

        Counts(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }
    }

    /**
     * @param seal verifies the gateway's seal on the events it checked; without it, every event is checked
     */
    public QualityMonitor(Products products, Optional<CheckSeal> seal, QualityMetrics metrics,
                          Consumer<String> ensureTopic, Duration reportInterval, Clock clock) {
        this.products = products;
        this.seal = seal;
        this.metrics = metrics;
        this.ensureTopic = ensureTopic;
        this.reportInterval = reportInterval;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Addressed> context) {
        this.context = context;
        context.schedule(reportInterval, PunctuationType.WALL_CLOCK_TIME, this::report);
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        Instant now = clock.instant();
        if (!event.decoded()) {
            metrics.undecodable(event.topic());
            deadLetter(record, event, "undecodable", null, event.decodeError().orElse("cannot be decoded"),
                    undecodablePayload(event));
            return;
        }
        Optional<Products.Known> known = products.product(event.topic());
        if (known.isEmpty()) {
            metrics.unknownProduct(event.topic());
            return;
        }
        Counts c = counts.computeIfAbsent(event.topic() + "/" + event.partition(),
                k -> new Counts(event.topic(), event.partition()));
        c.events++;
        Instant eventTime = Instant.ofEpochMilli(record.timestamp());
        if (c.newestEventTime == null || eventTime.isAfter(c.newestEventTime)) {
            c.newestEventTime = eventTime;
        }
        c.maxDelayMillis = Math.max(c.maxDelayMillis, Duration.between(eventTime, now).toMillis());
        List<String> nullable = NullablePaths.of(event.record().getSchema());
        for (String path : nullable) {
            if (NullablePaths.isNull(event.record(), path)) {
                c.nulls.merge(path, 1L, Long::sum);
                metrics.nullField(event.topic(), path);
            } else {
                c.nulls.putIfAbsent(path, 0L);
            }
        }
        metrics.event(event.topic(), eventTime, known.get().product().freshness());
        if (seal.filter(s -> s.verifies(record.headers(), event.topic(), event.bytes())).isPresent()) {
            return;
        }
        c.checked++;
        metrics.checked(event.topic());
        List<RuleViolation> violations = known.get().rules().evaluate(event.record(), now);
        if (violations.isEmpty()) {
            return;
        }
        c.violations++;
        violations.forEach(v -> {
            c.byRule.merge(v.rule(), 1L, Long::sum);
            metrics.violation(event.topic(), v.rule());
        });
        deadLetter(record, event, CloudEventHeaders.POST_PUBLISH_REASON, violations.get(0).rule(),
                violations.stream().map(RuleViolation::message).collect(Collectors.joining("; ")),
                json(AvroToJson.convert(event.record())));
    }

    private void deadLetter(Record<String, Event> record, Event event, String reason, String rule, String message,
                            byte[] payload) {
        String domain;
        try {
            domain = ProductName.parse(event.topic()).domain();
        } catch (IllegalArgumentException notAProduct) {
            return;
        }
        String topic = DLQ_PREFIX + domain;
        ensureTopic.accept(topic);
        String id = CloudEventHeaders.get(record.headers(), CloudEventHeaders.ID)
                .orElse(event.topic() + "-" + event.partition() + "-" + event.offset());
        Headers headers = new RecordHeaders();
        headers.add(CloudEventHeaders.header(CloudEventHeaders.ID, id))
                .add(CloudEventHeaders.header(CloudEventHeaders.TIME, CloudEventHeaders.get(record.headers(),
                        CloudEventHeaders.TIME).orElse(Instant.ofEpochMilli(record.timestamp()).toString())))
                .add(CloudEventHeaders.header("mesh_topic", event.topic()))
                .add(CloudEventHeaders.header("mesh_reason", reason))
                .add(CloudEventHeaders.header("mesh_message", message))
                .add(CloudEventHeaders.header("mesh_rejected_at", clock.instant().toString()))
                .add(CloudEventHeaders.header("mesh_source_partition", String.valueOf(event.partition())))
                .add(CloudEventHeaders.header("mesh_source_offset", String.valueOf(event.offset())));
        if (rule != null) {
            headers.add(CloudEventHeaders.header("mesh_rule", rule));
        }
        context.forward(new Record<>(id, new Addressed(topic, payload), record.timestamp(), headers));
    }

    private void report(long wallClock) {
        Instant to = Instant.ofEpochMilli(wallClock);
        Instant from = lastReport == null ? to.minus(reportInterval) : lastReport;
        lastReport = to;
        for (Counts c : counts.values()) {
            QualitySnapshot snapshot = new QualitySnapshot(c.topic, c.partition, from, to, c.events, c.checked,
                    c.violations, Map.copyOf(c.byRule), Map.copyOf(c.nulls), c.newestEventTime, c.maxDelayMillis);
            context.forward(new Record<>(snapshot.key(), new Addressed(QualitySnapshot.TOPIC, json(snapshot)), wallClock));
            c.events = 0;
            c.checked = 0;
            c.violations = 0;
            c.maxDelayMillis = 0;
            c.byRule.clear();
            c.nulls.replaceAll((path, n) -> 0L);
        }
    }

    private static byte[] undecodablePayload(Event event) {
        String encoded = event.bytes() == null ? null : Base64.getEncoder().encodeToString(event.bytes());
        return json(Map.of("undecodableBase64", encoded == null ? "" : encoded));
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
