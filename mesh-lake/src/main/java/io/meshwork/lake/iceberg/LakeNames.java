package io.meshwork.lake.iceberg;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The table of each archived topic, in a namespace per domain: {@code orders.order-placed.v2} is
 * {@code orders.order_placed_v2} and {@code _mesh.dlq.orders} is {@code orders.dead_letters}. Names
 * are lower case with underscores, so that Spark, Trino and DuckDB need no quoting.
 */
public final class LakeNames {

    /** The table property naming the topic a table archives. */
    public static final String TOPIC_PROPERTY = "meshwork.topic";
    /** The table of a domain's dead letters. */
    public static final String DEAD_LETTERS = "dead_letters";

    private static final String DLQ_PREFIX = "_mesh.dlq.";
    private static final Pattern PRODUCT = Pattern.compile("(?<domain>[a-z0-9][a-z0-9-]*)\\.(?<event>[a-z0-9][a-z0-9-]*)\\.v(?<major>[0-9]+)");

    private LakeNames() {
    }

    /**
     * @throws IllegalArgumentException when the topic is neither a data product nor a dead-letter topic
     */
    public static TableIdentifier table(String topic) {
        if (topic.startsWith(DLQ_PREFIX)) {
            return TableIdentifier.of(Namespace.of(sqlName(topic.substring(DLQ_PREFIX.length()))), DEAD_LETTERS);
        }
        Matcher product = PRODUCT.matcher(topic);
        if (!product.matches()) {
            throw new IllegalArgumentException(topic + " is neither a data product (<domain>.<event>.v<major>) nor a"
                    + " dead-letter topic (" + DLQ_PREFIX + "<domain>)");
        }
        return TableIdentifier.of(Namespace.of(sqlName(product.group("domain"))),
                sqlName(product.group("event")) + "_v" + product.group("major"));
    }

    /**
     * The SQL view of a table where one engine sees every table at once (DuckDB in {@code mesh lake
     * query}): its namespace and name joined, e.g. {@code orders_order_placed_v2} or {@code orders_dead_letters}.
     */
    public static String view(TableIdentifier table) {
        return String.join("_", table.namespace().levels()) + "_" + table.name();
    }

    /** The domain a topic belongs to. */
    public static String domain(String topic) {
        return topic.startsWith(DLQ_PREFIX) ? topic.substring(DLQ_PREFIX.length()) : topic.substring(0, topic.indexOf('.'));
    }

    private static String sqlName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
