package io.meshwork.core.naming;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data product version's name: {@code <domain>.<event-name>.v<major>}, e.g.
 * {@code orders.order-placed.v1}. It names the Kafka topic; the registry subject is
 * {@code <topic>-value} (Confluent's TopicNameStrategy).
 *
 * @param domain the owning domain, lower-kebab
 * @param event the event name, lower-kebab
 * @param major the major version, from 1
 */
public record ProductName(String domain, String event, int major) {

    /** Lower-kebab: lowercase letters and digits in words joined by single hyphens, starting with a letter. */
    public static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** A regular expression that matches every data product topic and no internal one. */
    public static final String TOPIC_REGEX = "[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*\\.v[1-9][0-9]*";
    private static final Pattern TOPIC = Pattern.compile("([^.]+)\\.([^.]+)\\.v([1-9][0-9]{0,5})");
    private static final int MAX_NAME = 64;

    public ProductName {
        checkName("domain", domain).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        checkName("event name", event).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (major < 1) {
            throw new IllegalArgumentException("major version must be 1 or more, is " + major);
        }
    }

    /** Parses a topic name, or says what is wrong with it. */
    public static ProductName parse(String topic) {
        Matcher m = TOPIC.matcher(topic == null ? "" : topic);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + topic + "' is not a data product topic: expected"
                    + " <domain>.<event-name>.v<major>, e.g. orders.order-placed.v1");
        }
        return new ProductName(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    /** Why {@code value} is not a valid domain or event name, or empty when it is. */
    public static Optional<String> checkName(String what, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(what + " is empty");
        }
        if (value.length() > MAX_NAME) {
            return Optional.of(what + " '" + value + "' is longer than " + MAX_NAME + " characters");
        }
        if (!KEBAB.matcher(value).matches()) {
            return Optional.of(what + " '" + value + "' is not lower-kebab case (like order-placed):"
                    + " lowercase letters and digits, words joined by single hyphens, starting with a letter");
        }
        return Optional.empty();
    }

    /** The Kafka topic, e.g. {@code orders.order-placed.v1}. */
    public String topic() {
        return domain + "." + event + ".v" + major;
    }

    /** The registry subject of the value schema, e.g. {@code orders.order-placed.v1-value}. */
    public String valueSubject() {
        return topic() + "-value";
    }

    @Override
    public String toString() {
        return topic();
    }
}
