package io.meshwork.processors.query;

import io.meshwork.core.api.AggregateAnswer;
import io.meshwork.core.api.GatewayUnreachableException;
import io.meshwork.core.api.MeshApiException;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.WindowResult;
import io.meshwork.core.contract.Derivation;
import io.meshwork.processors.derived.Accumulator;
import io.meshwork.processors.derived.Aggregations;
import io.meshwork.processors.derived.DerivedProduct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads an aggregate product's windows by key: from this instance's store when it holds the key,
 * otherwise from the instance that does, over its REST API with the caller's token.
 */
@ApplicationScoped
public class InteractiveQueries {

    private static final String BEARER = "Bearer ";

    /** One client, and so one connection pool, for every instance a query is forwarded to. */
    private final MeshClient instances = MeshClient.of(URI.create("http://localhost"), Optional.empty())
            .withTimeout(Duration.ofSeconds(10));

    @Inject
    KafkaStreams streams;

    @Inject
    DerivedCatalog derived;

    @ConfigProperty(name = "quarkus.kafka-streams.application-server")
    Optional<String> applicationServer;

    /** What a query found: the answer, or why there is none. */
    public sealed interface Outcome permits Found, NotAggregate, Unavailable {
    }

    public record Found(AggregateAnswer answer) implements Outcome {
    }

    public record NotAggregate(String message) implements Outcome {
    }

    public record Unavailable(String message) implements Outcome {
    }

    public Outcome windows(String topic, String key, Instant from, Instant to, String authorization) {
        Optional<DerivedProduct> product = derived.aggregate(topic);
        if (product.isEmpty()) {
            return new NotAggregate(topic + " is not an aggregate product computed here; aggregates are "
                    + derived.aggregateTopics());
        }
        String store = Aggregations.storeName(topic);
        String self = applicationServer.orElse("");
        if (!self.isEmpty()) {
            // With application.server set, every instance knows which one holds a key.
            KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
            if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
                return new Unavailable("the stream processors are starting or rebalancing; retry shortly");
            }
            HostInfo owner = metadata.activeHost();
            if (!(owner.host() + ":" + owner.port()).equals(self)) {
                return remote(owner, topic, key, from, to, authorization);
            }
        }
        try {
            ReadOnlyWindowStore<String, Accumulator> windows = streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, Accumulator>windowStore()));
            return new Found(new AggregateAnswer(topic, key, self, read(product.get(), windows, key, from, to)));
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the store of " + topic + " is not ready here: " + e.getMessage());
        }
    }

    private static List<WindowResult> read(DerivedProduct product, ReadOnlyWindowStore<String, Accumulator> store,
                                           String key, Instant from, Instant to) {
        Derivation.Aggregation aggregation = (Derivation.Aggregation) product.derivation();
        List<WindowResult> results = new ArrayList<>();
        Instant closedBefore = Instant.now().minus(aggregation.grace());
        try (KeyValueIterator<Windowed<String>, Accumulator> windows = store.fetch(key, key, from, to)) {
            while (windows.hasNext()) {
                KeyValue<Windowed<String>, Accumulator> window = windows.next();
                Map<String, Number> measures = new LinkedHashMap<>();
                for (int i = 0; i < aggregation.measures().size(); i++) {
                    Derivation.Measure measure = aggregation.measures().get(i);
                    measures.put(measure.name(), (Number) window.value.value(i, measure));
                }
                Instant end = window.key.window().endTime();
                results.add(new WindowResult(window.key.window().startTime(), end, !end.isAfter(closedBefore), measures));
            }
        }
        return results;
    }

    private Outcome remote(HostInfo owner, String topic, String key, Instant from, Instant to, String authorization) {
        String where = owner.host() + ":" + owner.port();
        Optional<String> token = Optional.ofNullable(authorization).filter(a -> a.startsWith(BEARER))
                .map(a -> a.substring(BEARER.length()));
        try {
            return instances.at(URI.create("http://" + where), token).aggregateWindows(topic, key, from, to)
                    .<Outcome>map(Found::new).orElseGet(() -> new Unavailable("the instance at " + where + " that holds " + key
                            + " does not compute " + topic + " (yet)"));
        } catch (MeshApiException refused) {
            return new Unavailable("the instance at " + where + " that holds " + key + " answered: "
                    + refused.getMessage());
        } catch (GatewayUnreachableException e) {
            return new Unavailable("cannot reach the instance at " + where + " that holds " + key + ": "
                    + e.getCause());
        }
    }
}
