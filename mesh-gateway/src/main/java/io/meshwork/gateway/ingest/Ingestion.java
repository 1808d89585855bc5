package io.meshwork.gateway.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.EventResult;
import io.meshwork.core.api.PublishReport;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.contract.ContractStatus;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.contract.DomainDefinition;
import io.meshwork.core.json.JsonProblem;
import io.meshwork.core.json.JsonToAvro;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.quality.CheckSeal;
import io.meshwork.core.rules.RuleViolation;
import io.meshwork.core.serde.AvroEncoder;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.catalog.Catalog;
import io.meshwork.gateway.catalog.Product;
import io.meshwork.gateway.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a batch of events to a product: each is converted with the contract's schema and
 * checked against its rules; the good ones are produced with CloudEvents headers by an idempotent
 * producer ({@code acks=all}), the others go to the domain's dead-letter topic with the reason,
 * and the answer comes only once Kafka has acknowledged every one.
 */
public final class Ingestion implements AutoCloseable {

    private final Duration sendTimeout;
    /** Kafka's default limit for a record's time ahead of the broker's clock (log.message.timestamp.after.max.ms). */
    private static final Duration MAX_FUTURE = Duration.ofHours(1);
    private static final ObjectMapper JSON = MeshJson.mapper();

    private final Catalog catalog;
    private final DeadLetters deadLetters;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroEncoder encoder = new AvroEncoder();
    private final Optional<CheckSeal> seal;
    private final MeterRegistry meters;
    private final int maxEvents;
    private final long maxEventBytes;
    private final long maxRecordBytes;
    private final Quotas quotas = new Quotas();

    /**
     * How the gateway's producer trades latency for throughput.
     *
     * @param linger how long a record may wait for more to fill its batch ({@code linger.ms}): 0 sends at
     *     once, and batches still form under load while earlier requests are in flight
     * @param compression the batches' codec ({@code compression.type}): {@code zstd} for the smallest
     *     log, {@code lz4} for the least CPU, {@code none}
     */
    public record Producing(Duration linger, String compression) {
    }

    /**
     * @param seal seals what the gateway checked, so that the quality monitor need not check it again;
     *     without one, the monitor checks every event
     */
    public Ingestion(Map<String, Object> kafkaConfig, Catalog catalog, MeterRegistry meters, int maxEvents,
                     long maxEventBytes, Duration sendTimeout, Producing producing, Optional<CheckSeal> seal) {
        this.sendTimeout = sendTimeout;
        this.seal = seal;
        this.maxEventBytes = maxEventBytes;
        this.catalog = catalog;
        this.meters = meters;
        this.maxEvents = maxEvents;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, producing.compression());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(sendTimeout.toMillis()));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(10_000, sendTimeout.toMillis() - 10)));
        config.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(producing.linger().toMillis()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(10_000, sendTimeout.toMillis())));
        this.maxRecordBytes = Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                1024 * 1024)));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.deadLetters = new DeadLetters(kafkaConfig);
    }

    /**
     * Publishes a batch to a product version.
     *
     * @param source the address the request came from, checked against the domain's allowlist
     * @param body a JSON array of events, or NDJSON when {@code ndjson}
     */
    public PublishReport publish(Caller caller, String source, String topic, String body, boolean ndjson) {
        Timer.Sample started = Timer.start(meters);
        Product product = catalog.product(topic).orElseThrow(() -> catalog.unloadableProduct(topic)
                .map(u -> new ProblemException(409, "Stored contract no longer loads", "the contract of " + topic
                        + " no longer loads, so no event can be checked against it; its domain must apply it again",
                        u.problems()))
                .orElseGet(() -> new ProblemException(404, "Unknown product", "no data product " + topic
                        + " in the catalog; apply its contract first (mesh apply)")));
        DataContract contract = product.contract();
        if (!caller.actsFor(contract.domain())) {
            throw new ProblemException(403, "Not your domain", topic + " belongs to domain " + contract.domain()
                    + " (team " + contract.team() + "), and " + caller.describe() + " does not act for it");
        }
        if (contract.status() == ContractStatus.RETIRED) {
            throw new ProblemException(410, "Retired product", topic + " is retired and accepts no events; publish to"
                    + " its successor, " + contract.domain() + "." + contract.name().event() + ".v"
                    + (contract.name().major() + 1));
        }
        catalog.unloadableDomain(contract.domain()).ifPresent(u -> {
            throw new ProblemException(409, "Stored domain definition no longer loads", "the definition of domain "
                    + contract.domain() + " no longer loads, so its rules (who, from where, how much) cannot be"
                    + " enforced; it must be applied again", u.problems());
        });
        Optional<DomainDefinition> domain = catalog.domain(contract.domain()).map(Catalog.Domain::definition);
        domain.ifPresent(d -> admit(d, caller, source));
        List<IncomingEvent> events = BatchReader.read(body, ndjson, contract.schema(), maxEvents, maxEventBytes);
        domain.flatMap(DomainDefinition::eventsPerSecond).ifPresent(rate -> withinQuota(contract.domain(), rate, events.size()));
        Instant now = Instant.now();
        List<Pending> pending = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            pending.add(prepare(i, events.get(i), product, now));
        }
        List<EventResult> results = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            results.add(p.await(sendTimeout.plusSeconds(5)));
        }
        record(topic, results, body.getBytes(StandardCharsets.UTF_8).length, started);
        return PublishReport.of(results);
    }

    private static void admit(DomainDefinition domain, Caller caller, String source) {
        if (!caller.admin() && !domain.tokenSubjects().isEmpty() && !domain.tokenSubjects().contains(caller.principal())) {
            throw new ProblemException(403, "Not a token subject of the domain", caller.principal() + " is not one of"
                    + " the token subjects of domain " + domain.name() + " (" + String.join(", ", domain.tokenSubjects())
                    + ")");
        }
        if (!domain.allows(source)) {
            throw new ProblemException(403, "Source not allowed", "requests from " + source + " may not publish for"
                    + " domain " + domain.name() + "; its allowlist is " + domain.allowlist());
        }
    }

    private void withinQuota(String domain, int rate, int events) {
        if (events > rate) {
            throw new ProblemException(413, "Batch above quota", "the batch has " + events + " events and domain "
                    + domain + " may publish " + rate + " per second; send smaller batches");
        }
        long wait = quotas.acquire(domain, rate, events);
        if (wait > 0) {
            meters.counter("mesh.ingest.throttled", "domain", domain).increment(events);
            throw ProblemException.retryLater(429, "Quota exceeded", "domain " + domain + " may publish " + rate
                    + " events per second; retry after " + wait + " s", (int) wait);
        }
    }

    /**
     * An event on its way to Kafka: its result once the send is acknowledged. Should Kafka refuse it as
     * too large (which sending again cannot change), it goes to the dead-letter topic instead.
     */
    private record Pending(int index, String id, EventResult rejection, Future<RecordMetadata> send,
                           Supplier<Future<RecordMetadata>> deadLetterIfTooLarge) {

        EventResult await(Duration timeout) {
            try {
                RecordMetadata metadata = send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return rejection != null ? rejection : EventResult.accepted(index, id, metadata.partition(), metadata.offset());
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (cause instanceof RecordTooLargeException && rejection == null && deadLetterIfTooLarge != null) {
                    return new Pending(index, id, EventResult.rejected(index, id, null, null, "the event is larger than"
                            + " Kafka takes (" + cause.getMessage() + ")"), deadLetterIfTooLarge.get(), null)
                            .await(timeout);
                }
                return EventResult.failed(index, id, "Kafka did not acknowledge the event (" + cause.getMessage()
                        + "); send it again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EventResult.failed(index, id, "interrupted before Kafka acknowledged the event; send it again");
            }
        }
    }

    /** An event checked against its contract: the record to publish, or why it is rejected. */
    record Verdict(GenericRecord record, String reason, String field, String rule, String message) {

        boolean accepted() {
            return record != null;
        }
    }

    /** Checks an event's time, converts it with the contract's schema and evaluates the contract's rules. */
    Verdict check(DataContract contract, JsonNode data, Instant time, Instant now) {
        if (time.isAfter(now.plus(MAX_FUTURE))) {
            return new Verdict(null, "time", "$.time", null, "event time " + time + " is more than "
                    + MAX_FUTURE.toMinutes() + " minutes in the future");
        }
        if (time.isBefore(Instant.EPOCH)) {
            return new Verdict(null, "time", "$.time", null, "event time " + time + " is before 1970-01-01T00:00:00Z,"
                    + " the earliest time Kafka keeps");
        }
        if (contract.kafka().cleanupPolicy().contains("delete") && time.isBefore(now.minus(contract.kafka().retention()))) {
            // Kafka deletes by event time: such an event would be gone as soon as it was accepted.
            return new Verdict(null, "time", "$.time", null, "event time " + time + " is older than the "
                    + contract.kafka().retention() + " " + contract.topic() + " keeps its events");
        }
        if (data == null || data.isNull()) {
            return new Verdict(null, "schema", "$.data", null, "$.data: the event has no data");
        }
        JsonToAvro.Result converted = JsonToAvro.convert(data, contract.schema());
        if (!converted.ok()) {
            return new Verdict(null, "schema", converted.problems().get(0).path(), null,
                    String.join("; ", converted.problems().stream().map(JsonProblem::toString).toList()));
        }
        List<RuleViolation> violations = contract.compiledRules().evaluate(converted.record(), now);
        if (!violations.isEmpty()) {
            return new Verdict(null, "rule", null, violations.get(0).rule(),
                    String.join("; ", violations.stream().map(RuleViolation::message).toList()));
        }
        return new Verdict(converted.record(), null, null, null, null);
    }

    /** The Kafka record of an accepted event: key field as key, event time as timestamp, CloudEvents headers. */
    ProducerRecord<String, byte[]> productRecord(Product product, GenericRecord record, String id, Instant time) {
        DataContract contract = product.contract();
        String key = contract.keyField().map(field -> String.valueOf(record.get(field))).orElse(null);
        byte[] value = encoder.encode(product.entry().schemaId(), contract.schema(), record, false);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(contract.topic(), null, time.toEpochMilli(), key, value);
        CloudEventHeaders.add(out.headers(), id, contract.domain(), contract.topic(), time);
        seal.ifPresent(s -> s.seal(out.headers(), contract.topic(), id, value));
        return out;
    }

    private Pending prepare(int index, IncomingEvent event, Product product, Instant now) {
        String id = event.id().orElseGet(CloudEventHeaders::newId);
        Instant time = event.time().orElse(now);
        Verdict verdict = check(product.contract(), event.data(), time, now);
        if (verdict.accepted()) {
            ProducerRecord<String, byte[]> record = productRecord(product, verdict.record(), id, time);
            if (record.value().length < maxRecordBytes) {
                return new Pending(index, id, null, send(record), () -> send(deadLetter(product, id, time, event,
                        new Verdict(null, "too-large", null, null, "the event is larger than Kafka takes"))));
            }
            verdict = new Verdict(null, "too-large", null, null, "the event is " + record.value().length
                    + " bytes in Avro; Kafka takes at most " + maxRecordBytes + " per record");
        }
        EventResult rejection = EventResult.rejected(index, id, verdict.field(), verdict.rule(), verdict.message());
        return new Pending(index, id, rejection, send(deadLetter(product, id, time, event, verdict)), null);
    }

    private ProducerRecord<String, byte[]> deadLetter(Product product, String id, Instant time, IncomingEvent event,
                                                      Verdict verdict) {
        // A dead letter keeps the time the event claimed; one Kafka cannot store is dated when it was rejected.
        return deadLetters.record(product.contract(), id, time, json(event), verdict.reason(), verdict.field(),
                verdict.rule(), verdict.message());
    }

    /** Sends a record; a failure to even hand it to the producer (no metadata, buffer full) fails its future. */
    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static byte[] json(IncomingEvent event) {
        try {
            return JSON.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            return String.valueOf(event.data()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private void record(String topic, List<EventResult> results, int bytes, Timer.Sample started) {
        for (EventResult result : results) {
            String reason = result.rule() != null ? "rule" : result.field() != null ? "schema" : "none";
            meters.counter("mesh.ingest.events", "topic", topic, "outcome", result.status(), "reason",
                    "accepted".equals(result.status()) ? "none" : reason).increment();
        }
        meters.counter("mesh.ingest.bytes", "topic", topic).increment(bytes);
        started.stop(Timer.builder("mesh.ingest.publish").description("From receiving a batch to answering it")
                .tag("topic", topic).publishPercentileHistogram().register(meters));
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        deadLetters.close();
    }
}
