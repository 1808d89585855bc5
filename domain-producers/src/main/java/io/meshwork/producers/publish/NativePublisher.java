package io.meshwork.producers.publish;

import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.producers.load.LoadSummary;
import io.meshwork.producers.world.NativeEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * The four JVM domains' services: one outgoing channel per domain, serialized by Meshwork's Avro
 * serializer against the registry, each event on its product's topic with its key, its event time
 * as the record timestamp, and CloudEvents headers.
 */
@ApplicationScoped
public class NativePublisher {

    private static final Logger LOG = Logger.getLogger(NativePublisher.class);

    private final Map<String, Emitter<SpecificRecord>> byDomain;
    private final LoadSummary summary;

    @Inject
    NativePublisher(@Channel("orders") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 50_000)
                    Emitter<SpecificRecord> orders,
                    @Channel("logistics") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 50_000)
                    Emitter<SpecificRecord> logistics,
                    @Channel("restaurants") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 50_000)
                    Emitter<SpecificRecord> restaurants,
                    @Channel("customers") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 50_000)
                    Emitter<SpecificRecord> customers,
                    LoadSummary summary) {
        this.byDomain = Map.of("orders", orders, "logistics", logistics, "restaurants", restaurants,
                "customers", customers);
        this.summary = summary;
    }

    public void publish(NativeEvent event) {
        Emitter<SpecificRecord> emitter = byDomain.get(event.domain());
        if (emitter == null) {
            throw new IllegalArgumentException("no channel for domain " + event.domain());
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).withTimestamp(event.time())
                .withHeaders(CloudEventHeaders.add(new RecordHeaders(), event.id(), event.domain(), event.topic(),
                        event.time()))
                .build();
        summary.sent(event.topic());
        emitter.send(Message.of(event.value(), Metadata.of(metadata), () -> {
            summary.acknowledged(event.topic());
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            summary.failed(event.topic());
            LOG.debugf(failure, "Kafka did not take event %s on %s", event.id(), event.topic());
            return CompletableFuture.completedFuture(null);
        }));
    }
}
