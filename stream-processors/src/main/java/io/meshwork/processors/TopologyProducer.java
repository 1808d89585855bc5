package io.meshwork.processors;

import io.meshwork.core.api.MeshClient;
import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.catalog.CatalogUnavailableException;
import io.meshwork.core.catalog.ProductSource;
import io.meshwork.core.quality.CheckSeal;
import io.meshwork.core.serde.SerdeConfig;
import io.meshwork.processors.catalog.Products;
import io.meshwork.processors.derived.DerivedPlans;
import io.meshwork.processors.derived.DerivedProduct;
import io.meshwork.processors.event.Decoder;
import io.meshwork.processors.query.DerivedCatalog;
import io.meshwork.processors.subscription.SubscriptionBook;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * Builds the topology from the catalog: which products are derived, and from what. A derived
 * product applied later is computed from the next start; subscriptions and grants change at run time.
 * A derived product that its sources cannot feed (a source changed since it was applied) is left out
 * with a warning, so that it does not hold up the rest.
 */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Inject
    ProcessorSettings settings;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    SubscriptionBook book;

    @Inject
    ControlTopics topics;

    @Inject
    DerivedCatalog derivedCatalog;

    @Produces
    public Topology buildTopology() {
        topics.ensureControlTopics();
        ProductSource catalog = ProductSource.of(MeshClient.of(settings.gatewayUrl(), settings.token()));
        List<CatalogProduct> all = awaitCatalog(catalog);
        DerivedPlans.Plan plan = DerivedPlans.plan(all);
        plan.problems().forEach(problem -> LOG.warnf("Not computing %s", problem));
        List<DerivedProduct> derived = plan.products();
        derivedCatalog.set(derived);
        LOG.infof("Routing subscriptions, monitoring quality and computing %d derived product(s)%s", derived.size(),
                derived.isEmpty() ? "" : ": " + String.join(", ", derived.stream().map(DerivedProduct::topic).toList()));
        Clock clock = Clock.systemUTC();
        return MeshTopology.build(new MeshTopology.Parts(new Decoder(serdeConfig(settings)),
                new Products(catalog, settings.catalogRefresh(), clock), settings.checkSealKey().map(CheckSeal::new), book,
                derived, metrics,
                topics::ensureDeadLetterTopic, settings.qualityReportInterval(), clock));
    }

    /** Replaces a stream thread that failed, which resumes from the last commit: nothing is lost or repeated. */
    @Produces
    StreamsUncaughtExceptionHandler replaceFailedThreads() {
        return failure -> {
            LOG.errorf(failure, "A stream thread failed; replacing it, to resume from the last commit");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }

    static SerdeConfig serdeConfig(ProcessorSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.SCHEMA_REGISTRY_URL, settings.gatewayUrl().resolve("/registry").toString());
        settings.token().ifPresent(token -> {
            config.put(SerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN");
            config.put(SerdeConfig.BEARER_AUTH_TOKEN, token);
        });
        return SerdeConfig.from(config);
    }

    private List<CatalogProduct> awaitCatalog(ProductSource catalog) {
        Instant deadline = Instant.now().plus(settings.catalogTimeout());
        while (true) {
            try {
                List<CatalogProduct> products = new ArrayList<>();
                for (String topic : catalog.topics()) {
                    catalog.product(topic).ifPresent(products::add);
                }
                return products;
            } catch (CatalogUnavailableException unreachable) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the gateway's catalog did not answer within "
                            + settings.catalogTimeout() + ": " + unreachable.getMessage(), unreachable);
                }
                LOG.infof("Waiting for the gateway's catalog at %s: %s", settings.gatewayUrl(), unreachable.getMessage());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

}
