package io.meshwork.processors;

import io.meshwork.core.contract.Derivation;
import io.meshwork.core.naming.ProductName;
import io.meshwork.core.quality.CheckSeal;
import io.meshwork.core.subscription.Grant;
import io.meshwork.core.subscription.Subscription;
import io.meshwork.processors.catalog.FollowCatalog;
import io.meshwork.processors.catalog.Products;
import io.meshwork.processors.derived.Aggregations;
import io.meshwork.processors.derived.DerivedProduct;
import io.meshwork.processors.derived.Enrichments;
import io.meshwork.processors.event.Addressed;
import io.meshwork.processors.event.DecodeEvents;
import io.meshwork.processors.event.Decoder;
import io.meshwork.processors.event.Event;
import io.meshwork.processors.quality.QualityMetrics;
import io.meshwork.processors.quality.QualityMonitor;
import io.meshwork.processors.subscription.FollowControlTopic;
import io.meshwork.processors.subscription.Router;
import io.meshwork.processors.subscription.SubscriptionBook;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The one topology of the stream processors. Every product topic is read once (by pattern, so new
 * products join without a restart) and decoded once; the events then feed the subscription router,
 * the quality monitor and each derived product. Subscriptions and grants are global stores, so
 * every instance routes for every subscription; so is the catalog, whose changes reach the
 * products' contracts at once.
 */
public final class MeshTopology {

    public static final String SUBSCRIPTIONS_STORE = "mesh-subscriptions";
    public static final String GRANTS_STORE = "mesh-grants";
    public static final String CATALOG_STORE = "mesh-catalog";
    /** The catalog's compacted topic, which the gateway writes: one record per product version and domain. */
    public static final String CATALOG_TOPIC = "_mesh.catalog";

    /**
     * What the topology is built from.
     *
     * @param decoder decodes product values with the registry
     * @param products the catalog's products
     * @param seal verifies the gateway's seal on what it checked, if the processors share its key
     * @param book the live subscriptions and grants
     * @param derived the derived products to compute
     * @param metrics where processors count
     * @param ensureTopic creates a dead-letter topic on first use
     * @param qualityReportInterval how often the quality monitor reports
     * @param clock the processing clock
     */
    public record Parts(Decoder decoder, Products products, Optional<CheckSeal> seal, SubscriptionBook book,
                        List<DerivedProduct> derived,
                        MeterRegistry metrics, Consumer<String> ensureTopic, Duration qualityReportInterval, Clock clock) {
    }

    private MeshTopology() {
    }

    public static Topology build(Parts parts) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SUBSCRIPTIONS_STORE),
                        Serdes.ByteArray(), Serdes.ByteArray()).withLoggingDisabled(),
                Subscription.TOPIC, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()),
                () -> FollowControlTopic.subscriptions(SUBSCRIPTIONS_STORE, parts.book()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(GRANTS_STORE),
                        Serdes.ByteArray(), Serdes.ByteArray()).withLoggingDisabled(),
                Grant.TOPIC, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()),
                () -> FollowControlTopic.grants(GRANTS_STORE, parts.book()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CATALOG_STORE),
                        Serdes.ByteArray(), Serdes.ByteArray()).withLoggingDisabled(),
                CATALOG_TOPIC, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()),
                () -> new FollowCatalog(CATALOG_STORE, parts.products()));

        KStream<String, Event> events = builder
                .stream(Pattern.compile(ProductName.TOPIC_REGEX), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("products"))
                .processValues(() -> new DecodeEvents(parts.decoder()), Named.as("decode"));

        events.process(() -> new Router(parts.book(), parts.products(), parts.metrics(), parts.clock()),
                        Named.as("route-subscriptions"))
                .to(Addressed.TOPIC, Produced.with(Serdes.String(), Addressed.SERDE).withName("deliveries"));

        QualityMetrics qualityMetrics = new QualityMetrics(parts.metrics(), parts.clock());
        events.process(() -> new QualityMonitor(parts.products(), parts.seal(), qualityMetrics, parts.ensureTopic(),
                        parts.qualityReportInterval(), parts.clock()), Named.as("monitor-quality"))
                .to(Addressed.TOPIC, Produced.with(Serdes.String(), Addressed.SERDE).withName("dead-letters-and-reports"));

        for (DerivedProduct product : parts.derived()) {
            if (product.derivation() instanceof Derivation.Aggregation) {
                Aggregations.add(events, product, parts.decoder());
            } else {
                Enrichments.add(events, product, parts.decoder());
            }
        }
        return builder.build();
    }
}
