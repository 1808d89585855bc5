package io.meshwork.processors.subscription;

import io.meshwork.core.rules.EventFilter;
import io.meshwork.core.subscription.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.inject.Singleton;
import org.apache.avro.Schema;
import org.jboss.logging.Logger;

/**
 * The live subscriptions and grants, indexed by source topic for the router. Changed by the
 * global-store processors as definitions arrive, read by the stream threads; the index is replaced
 * whole on every change, so readers never see it half-built.
 */
@Singleton
public final class SubscriptionBook {

    private static final Logger LOG = Logger.getLogger(SubscriptionBook.class);

    /** A subscription with its filter compiled per writer schema, on first use. */
    public static final class Live {

        private final Subscription subscription;
        private final Map<Schema, EventFilter.Result> filters = new ConcurrentHashMap<>();

        Live(Subscription subscription) {
            this.subscription = subscription;
        }

        public Subscription subscription() {
            return subscription;
        }

        /** The filter for events of a schema; empty for a subscription without one. */
        public Optional<EventFilter.Result> filterFor(Schema schema) {
            return subscription.filterExpression().map(expression -> filters.computeIfAbsent(schema, s -> {
                EventFilter.Result result = EventFilter.compile(s, expression);
                if (!result.ok()) {
                    LOG.warnf("The filter of subscription %s does not compile against %s, so none of its events are"
                            + " delivered: %s", subscription.key(), s.getFullName(), result.problem());
                }
                return result;
            }));
        }
    }

    private final Map<String, Live> byKey = new ConcurrentHashMap<>();
    private final Set<String> grants = ConcurrentHashMap.newKeySet();
    private volatile Map<String, List<Live>> bySource = Map.of();

    public void put(Subscription subscription) {
        byKey.put(subscription.key(), new Live(subscription));
        reindex();
        LOG.debugf("Subscription %s v%d: %s", subscription.key(), subscription.version(), subscription.sources());
    }

    public void remove(String key) {
        if (byKey.remove(key) != null) {
            reindex();
            LOG.debugf("Subscription %s removed", key);
        }
    }

    /** The subscriptions that read a topic. */
    public List<Live> readersOf(String topic) {
        return bySource.getOrDefault(topic, List.of());
    }

    public int size() {
        return byKey.size();
    }

    public void grant(String product, String consumer) {
        grants.add(product + "/" + consumer);
    }

    public void revoke(String product, String consumer) {
        grants.remove(product + "/" + consumer);
    }

    public boolean granted(String product, String consumer) {
        return grants.contains(product + "/" + consumer);
    }

    private synchronized void reindex() {
        Map<String, List<Live>> index = new ConcurrentHashMap<>();
        for (Live live : byKey.values()) {
            for (String source : live.subscription().sources()) {
                index.computeIfAbsent(source, s -> new ArrayList<>()).add(live);
            }
        }
        index.replaceAll((topic, list) -> List.copyOf(list));
        bySource = Map.copyOf(index);
    }
}
