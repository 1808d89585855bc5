package io.meshwork.core.subscription;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A consumer's subscription: the events of its source products that match its filter, with only
 * its fields, delivered as JSON to {@code _sub.<consumer>.<name>}.
 *
 * @param consumer the consumer that owns it, lower-kebab
 * @param name its name, unique per consumer, lower-kebab
 * @param sources the product topics it reads
 * @param filter a CEL expression over {@code message} and {@code now}; null delivers every event
 * @param fields the dotted paths of the fields delivered; empty delivers whole events
 * @param version counts the changes, from 1; deliveries say which version selected them
 * @param updatedBy who last changed it
 * @param updatedAt when
 */
public record Subscription(String consumer, String name, List<String> sources, String filter, List<String> fields,
                           int version, String updatedBy, Instant updatedAt) {

    /** The compacted topic that holds every subscription, keyed by {@link #key()}. */
    public static final String TOPIC = "_mesh.subscriptions";
    /** The prefix of every delivery topic. */
    public static final String DELIVERY_PREFIX = "_sub.";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public Subscription {
        sources = List.copyOf(sources);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** The record key in {@link #TOPIC}: {@code <consumer>/<name>}. */
    public String key() {
        return key(consumer, name);
    }

    public static String key(String consumer, String name) {
        return consumer + "/" + name;
    }

    /** The topic its deliveries go to. */
    public String deliveryTopic() {
        return deliveryTopic(consumer, name);
    }

    public static String deliveryTopic(String consumer, String name) {
        return DELIVERY_PREFIX + consumer + "." + name;
    }

    public Optional<String> filterExpression() {
        return Optional.ofNullable(filter).filter(f -> !f.isBlank());
    }

    /** Why a consumer or subscription name cannot be used in a topic name, or empty when it can. */
    public static Optional<String> checkName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches() || value.length() > 100) {
            return Optional.of(what + " '" + value + "' must be lower-kebab case (like big-orders), at most 100"
                    + " characters, because it names the topic " + DELIVERY_PREFIX + "<consumer>.<name>");
        }
        return Optional.empty();
    }
}
