package io.meshwork.gateway.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.SubscriptionRequest;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.contract.FieldPaths;
import io.meshwork.core.contract.KafkaServer;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ControlLog;
import io.meshwork.core.rules.EventFilter;
import io.meshwork.core.subscription.Grant;
import io.meshwork.core.subscription.Subscription;
import io.meshwork.gateway.audit.AuditEvent;
import io.meshwork.gateway.audit.AuditLog;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.catalog.Catalog;
import io.meshwork.gateway.catalog.Product;
import io.meshwork.gateway.catalog.TopicLayout;
import io.meshwork.gateway.problem.ProblemException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * The subscriptions and grants of the mesh, kept in {@code _mesh.subscriptions} and
 * {@code _mesh.grants}. A subscription is checked against its sources' current schemas before it
 * is recorded (the filter must compile, the fields must exist), and its delivery topic is created
 * first, so the stream processors can deliver from the moment they see it.
 */
public final class Subscriptions implements AutoCloseable {

    /** How a delivery topic is laid out: deliveries are kept a week, like product topics by default. */
    private static final Logger LOG = Logger.getLogger(Subscriptions.class);
    static final KafkaServer DELIVERY_LAYOUT = new KafkaServer(3, Duration.ofDays(7), "delete");

    private final ObjectMapper json = MeshJson.mapper();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final Catalog catalog;
    private final Admin admin;
    private final TopicLayout topics;
    private final AuditLog audit;
    private final ControlLog subscriptionLog;
    private final ControlLog grantLog;
    private final Duration deliveryTopicGrace;
    private final ScheduledExecutorService deleter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "delivery-topic-deleter");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param deliveryTopicGrace how long after a subscription is removed its delivery topic is deleted:
     *     time for the stream processors to see the removal and finish writing to it
     */
    public Subscriptions(Map<String, Object> kafkaConfig, String transactionalIdPrefix, Catalog catalog,
                         Duration deliveryTopicGrace, ControlLog.Settings settings, Clock clock) {
        this.catalog = catalog;
        this.deliveryTopicGrace = deliveryTopicGrace;
        this.admin = Admin.create(kafkaConfig);
        this.topics = new TopicLayout(admin, true);
        this.audit = new AuditLog(kafkaConfig);
        this.subscriptionLog = new ControlLog(Subscription.TOPIC, kafkaConfig, transactionalIdPrefix,
                (offset, key, value) -> apply(subscriptions, key, value, Subscription.class), settings, clock);
        this.grantLog = new ControlLog(Grant.TOPIC, kafkaConfig, transactionalIdPrefix + "-grants",
                (offset, key, value) -> apply(grants, key, value, Grant.class), settings, clock);
    }

    /** Connects, reads the subscriptions and grants, and returns once caught up. */
    public Subscriptions start() {
        audit.start();
        subscriptionLog.start();
        grantLog.start();
        subscriptionLog.catchUp();
        grantLog.catchUp();
        // Delivery topics whose subscription went while no replica was there to delete them.
        deleter.schedule(this::deleteOrphanedDeliveryTopics, deliveryTopicGrace.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean ready() {
        return subscriptionLog.isCaughtUp() && grantLog.isCaughtUp();
    }

    /** The subscriptions of a consumer, or every one when {@code consumer} is empty. */
    public List<Subscription> list(Optional<String> consumer) {
        return subscriptions.values().stream().filter(s -> consumer.map(s.consumer()::equals).orElse(true))
                .sorted(Comparator.comparing(Subscription::key)).toList();
    }

    public Optional<Subscription> get(String consumer, String name) {
        return Optional.ofNullable(subscriptions.get(Subscription.key(consumer, name)));
    }

    /** A subscription as saved: whether it was created, and whether anything changed. */
    public record Saved(Subscription subscription, boolean created, boolean changed) {
    }

    /** Creates or changes a subscription; sending the same definition again changes nothing. */

    public Saved put(Caller caller, String consumer, String name, SubscriptionRequest request, String reason) {
        Subscription.checkName("consumer", consumer).ifPresent(p -> {
            throw new ProblemException(422, "Invalid consumer name", p);
        });
        Subscription.checkName("subscription name", name).ifPresent(p -> {
            throw new ProblemException(422, "Invalid subscription name", p);
        });
        List<String> sources = check(consumer, request);
        topics.ensure(Subscription.deliveryTopic(consumer, name), DELIVERY_LAYOUT);
        Saved saved = subscriptionLog.write(() -> {
            Subscription current = subscriptions.get(Subscription.key(consumer, name));
            Subscription wanted = new Subscription(consumer, name, sources, blankToNull(request.filter()),
                    request.fields(), current == null ? 1 : current.version() + 1, caller.principal(), Instant.now());
            if (current != null && current.sources().equals(wanted.sources())
                    && Objects.equals(current.filter(), wanted.filter()) && current.fields().equals(wanted.fields())) {
                return ControlLog.Decision.nothingToWrite(new Saved(current, false, false));
            }
            return new ControlLog.Decision<>(new Saved(wanted, current == null, true),
                    List.of(new ControlLog.Entry(wanted.key(), wanted)));
        });
        if (saved.changed()) {
            audit.record(new AuditEvent(Instant.now(), caller.principal(), saved.created() ? "subscription.created"
                    : "subscription.changed", saved.subscription().key(), reason, List.of(describe(saved.subscription()))));
        }
        return saved;
    }

    /**
     * Removes a subscription, and a little later its delivery topic, once the stream processors can
     * no longer be writing to it.
     */
    public boolean remove(Caller caller, String consumer, String name, String reason) {
        String key = Subscription.key(consumer, name);
        boolean removed = subscriptionLog.write(() -> subscriptions.containsKey(key)
                ? new ControlLog.Decision<>(true, List.of(new ControlLog.Entry(key, null)))
                : ControlLog.Decision.nothingToWrite(false));
        if (removed) {
            String topic = Subscription.deliveryTopic(consumer, name);
            audit.record(new AuditEvent(Instant.now(), caller.principal(), "subscription.removed", key, reason,
                    List.of("delete " + topic + " in " + deliveryTopicGrace.toSeconds() + " s")));
            deleter.schedule(() -> deleteUnlessSubscribed(Set.of(topic)), deliveryTopicGrace.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return removed;
    }

    private void deleteOrphanedDeliveryTopics() {
        try {
            Set<String> orphans = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(Subscription.DELIVERY_PREFIX)).collect(Collectors.toSet());
            deleteUnlessSubscribed(orphans);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Could not look for delivery topics without a subscription: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes those of the delivery topics whose subscription is gone, as the log says now. */
    private void deleteUnlessSubscribed(Set<String> topics) {
        try {
            subscriptionLog.catchUp();
            Set<String> subscribed = subscriptions.values().stream().map(Subscription::deliveryTopic)
                    .collect(Collectors.toSet());
            List<String> gone = topics.stream().filter(t -> !subscribed.contains(t)).sorted().toList();
            if (gone.isEmpty()) {
                return;
            }
            admin.deleteTopics(gone).topicNameValues().forEach((topic, deleted) -> {
                try {
                    deleted.get(30, TimeUnit.SECONDS);
                    LOG.infof("Deleted %s, whose subscription was removed", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        LOG.warnf("Could not delete %s: %s", topic, e.getCause().getMessage());
                    }
                } catch (TimeoutException e) {
                    LOG.warnf("Kafka did not delete %s within 30 s; it is deleted at the next start", topic);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not delete delivery topics %s: %s", topics, e.getMessage());
        }
    }

    /** Counts every change read from either log, so that watchers can tell when to look again. */
    public long changes() {
        return changes.get();
    }

    /** Every grant, by its key ({@code <product>/<consumer>}). */
    public Set<String> grantKeys() {
        return Set.copyOf(grants.keySet());
    }

    /** The grants of a product. */
    public List<Grant> grants(String product) {
        return grants.values().stream().filter(g -> g.product().equals(product))
                .sorted(Comparator.comparing(Grant::consumer)).toList();
    }

    /** Grants a consumer a product's personal data in clear; only the product's domain may. */
    public Grant grant(Caller caller, String product, String consumer, String reason) {
        DataContract contract = ownedProduct(caller, product);
        Subscription.checkName("consumer", consumer).ifPresent(p -> {
            throw new ProblemException(422, "Invalid consumer name", p);
        });
        Grant grant = grantLog.write(() -> {
            Grant current = grants.get(Grant.key(product, consumer));
            if (current != null) {
                return ControlLog.Decision.nothingToWrite(current);
            }
            Grant wanted = new Grant(product, consumer, caller.principal(), Instant.now(), reason);
            return new ControlLog.Decision<>(wanted, List.of(new ControlLog.Entry(wanted.key(), wanted)));
        });
        audit.record(new AuditEvent(Instant.now(), caller.principal(), "grant.given", grant.key(), reason,
                List.of("pii of " + contract.topic() + " in clear for " + consumer)));
        return grant;
    }

    public boolean revoke(Caller caller, String product, String consumer, String reason) {
        ownedProduct(caller, product);
        String key = Grant.key(product, consumer);
        boolean revoked = grantLog.write(() -> grants.containsKey(key)
                ? new ControlLog.Decision<>(true, List.of(new ControlLog.Entry(key, null)))
                : ControlLog.Decision.nothingToWrite(false));
        if (revoked) {
            audit.record(new AuditEvent(Instant.now(), caller.principal(), "grant.revoked", key, reason, List.of()));
        }
        return revoked;
    }

    private DataContract ownedProduct(Caller caller, String product) {
        DataContract contract = catalog.product(product).map(Product::contract).orElseThrow(() -> new ProblemException(404,
                "Unknown product", "no data product " + product + " in the catalog; GET /v1/products lists them"));
        if (!caller.actsFor(contract.domain())) {
            throw new ProblemException(403, "Not your domain", product + " belongs to domain " + contract.domain()
                    + ", and " + caller.describe() + " does not act for it; only its domain grants its personal data");
        }
        return contract;
    }

    /**
     * The request's sources, after checking it against each source's schema, and that neither its
     * filter nor its fields read personal data the consumer holds no grant for: a filter on a masked
     * field would tell by its matches what the mask hides.
     */
    private List<String> check(String consumer, SubscriptionRequest request) {
        if (request == null || request.sources() == null || request.sources().isEmpty()) {
            throw new ProblemException(422, "No sources", "name the products to read: {\"sources\": [\"orders.order-placed.v2\"]}");
        }
        List<String> problems = new ArrayList<>();
        List<String> personal = new ArrayList<>();
        List<String> sources = new ArrayList<>(new LinkedHashSet<>(request.sources()));
        List<String> fields = request.fields() == null ? List.of() : request.fields();
        boolean nullSource = sources.stream().anyMatch(Objects::isNull);
        if (nullSource || fields.stream().anyMatch(Objects::isNull)) {
            throw new ProblemException(422, "Invalid subscription", "sources and fields are lists of names; null is"
                    + " neither", List.of(nullSource ? "sources: holds null" : "fields: holds null"));
        }
        for (String source : sources) {
            Optional<DataContract> contract = catalog.product(source).map(Product::contract);
            if (contract.isEmpty()) {
                problems.add("sources: " + source + " is not a product in the catalog");
                continue;
            }
            org.apache.avro.Schema schema = contract.get().schema();
            List<String> pii = grants.containsKey(Grant.key(source, consumer)) ? List.of() : contract.get().piiFields();
            Optional.ofNullable(blankToNull(request.filter())).ifPresent(filter -> {
                EventFilter.Result compiled = EventFilter.compile(schema, filter);
                if (!compiled.ok()) {
                    problems.add("filter: does not compile against " + source + ": " + compiled.problem().replace('\n', ' '));
                    return;
                }
                for (String read : compiled.filter().orElseThrow().reads()) {
                    pii.stream().filter(field -> FieldPaths.overlaps(read, field)).forEach(field -> personal.add(
                            "filter: reads " + (read.isEmpty() ? "the whole event" : read) + ", and " + field + " of "
                                    + source + " is personal data"));
                }
            });
            for (String field : fields) {
                if (FieldPaths.resolve(schema, field).isEmpty()) {
                    problems.add("fields: '" + field + "' is not a field of " + source + " (nested fields are written"
                            + " as parent.child); fields are " + FieldPaths.fieldNames(schema));
                }
                pii.stream().filter(p -> FieldPaths.overlaps(field, p)).forEach(p -> personal.add("fields: " + field
                        + " holds " + p + " of " + source + ", which is personal data"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(422, "Invalid subscription", problems.size() + " problem(s); nothing was changed",
                    problems);
        }
        if (!personal.isEmpty()) {
            throw new ProblemException(403, "Personal data without a grant", consumer + " holds no grant for the"
                    + " personal data this subscription reads; leave those fields out, or ask the product's domain for a"
                    + " grant (PUT /v1/products/<topic>/grants/" + consumer + ")", personal);
        }
        return sources;
    }

    private static String describe(Subscription s) {
        return "v" + s.version() + ": " + String.join(", ", s.sources())
                + s.filterExpression().map(f -> " where " + f).orElse("")
                + (s.fields().isEmpty() ? "" : " fields " + String.join(", ", s.fields()))
                + " -> " + s.deliveryTopic();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private <T> void apply(Map<String, T> state, byte[] key, byte[] value, Class<T> type) {
        changes.incrementAndGet();
        try {
            String id = json.readValue(key, String.class);
            if (value == null) {
                state.remove(id);
            } else {
                state.put(id, json.readValue(value, type));
            }
        } catch (IOException e) {
            LOG.warnf("Skipping an unreadable %s record: %s", type.getSimpleName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        deleter.shutdownNow();
        subscriptionLog.close();
        grantLog.close();
        audit.close();
        admin.close();
    }
}
