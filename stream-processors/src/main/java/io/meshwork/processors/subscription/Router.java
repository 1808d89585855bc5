package io.meshwork.processors.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.contract.FieldPaths;
import io.meshwork.core.json.AvroToJson;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.rules.EventFilter;
import io.meshwork.core.subscription.Subscription;
import io.meshwork.processors.catalog.Products;
import io.meshwork.processors.event.Addressed;
import io.meshwork.processors.event.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends each event to every subscription of its topic whose filter it matches, as JSON with the
 * subscription's fields, to the subscription's delivery topic. Personal data is masked (set to
 * null, and named in the {@code mesh_masked} header) unless the consumer holds a grant for the
 * product; without a grant the filter sees the masked event too, so that what it matches cannot
 * tell what the mask hides. CloudEvents headers are kept; the source's position is added.
 */
public final class Router implements Processor<String, Event, String, Addressed> {

    public static final String SOURCE_TOPIC = "mesh_source_topic";
    public static final String SOURCE_PARTITION = "mesh_source_partition";
    public static final String SOURCE_OFFSET = "mesh_source_offset";
    public static final String SUBSCRIPTION = "mesh_subscription";
    public static final String MASKED = "mesh_masked";
    private static final ObjectMapper JSON = MeshJson.mapper();

    private final SubscriptionBook book;
    private final Products products;
    private final MeterRegistry metrics;
    private final Clock clock;
    private ProcessorContext<String, Addressed> context;

    public Router(SubscriptionBook book, Products products, MeterRegistry metrics, Clock clock) {
        this.book = book;
        this.products = products;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Addressed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        List<SubscriptionBook.Live> readers = book.readersOf(event.topic());
        if (readers.isEmpty() || !event.decoded()) {
            return;
        }
        ObjectNode json = null;
        Set<String> pii = null;
        IndexedRecord masked = null;
        for (SubscriptionBook.Live live : readers) {
            Subscription subscription = live.subscription();
            boolean granted = book.granted(event.topic(), subscription.consumer());
            Optional<EventFilter.Result> filter = live.filterFor(event.record().getSchema());
            if (filter.isPresent()) {
                if (!filter.get().ok()) {
                    counter("mesh_subscription_filter_errors_total", subscription).increment();
                    continue;
                }
                if (pii == null) {
                    pii = personalData(event.topic());
                }
                if (!granted && masked == null) {
                    masked = FieldPaths.masked(event.record(), pii);
                }
                EventFilter.Match match = filter.get().filter().orElseThrow()
                        .test(granted ? event.record() : masked, clock.instant());
                if (match.error().isPresent()) {
                    counter("mesh_subscription_filter_errors_total", subscription).increment();
                }
                if (!match.matches()) {
                    continue;
                }
            }
            if (json == null) {
                json = AvroToJson.convert(event.record());
            }
            if (pii == null) {
                pii = personalData(event.topic());
            }
            ObjectNode view = JsonView.project(json, subscription.fields());
            List<String> maskedFields = granted ? List.of() : JsonView.mask(view, pii);
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(CloudEventHeaders.header(SOURCE_TOPIC, event.topic()))
                    .add(CloudEventHeaders.header(SOURCE_PARTITION, String.valueOf(event.partition())))
                    .add(CloudEventHeaders.header(SOURCE_OFFSET, String.valueOf(event.offset())))
                    .add(CloudEventHeaders.header(SUBSCRIPTION, subscription.key() + "@" + subscription.version()));
            headers.remove(CloudEventHeaders.CONTENT_TYPE);
            headers.add(CloudEventHeaders.header(CloudEventHeaders.CONTENT_TYPE, "application/json"));
            if (!maskedFields.isEmpty()) {
                headers.add(CloudEventHeaders.header(MASKED, String.join(",", maskedFields)));
            }
            context.forward(new Record<>(record.key(), new Addressed(subscription.deliveryTopic(), bytes(view)),
                    record.timestamp(), headers));
            counter("mesh_subscription_deliveries_total", subscription).increment();
        }
    }

    private Set<String> personalData(String topic) {
        return products.product(topic).map(p -> p.product().piiFields()).orElseThrow(() ->
                new IllegalStateException(topic + " is not in the catalog, so its personal data is unknown; nothing is"
                        + " delivered until it is"));
    }

    private Counter counter(String name, Subscription subscription) {
        return metrics.counter(name, "subscription", subscription.key());
    }

    private static byte[] bytes(ObjectNode view) {
        try {
            return JSON.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a delivery as JSON", e);
        }
    }
}
