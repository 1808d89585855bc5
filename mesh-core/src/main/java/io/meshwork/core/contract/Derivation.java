package io.meshwork.core.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a derived data product is computed from other products by the stream processors. Declared
 * in the contract under {@code customProperties} as the property {@code derivation}.
 */
public sealed interface Derivation permits Derivation.Aggregation, Derivation.Enrichment {

    /** The topics the product is computed from. */
    List<String> sources();

    /** What an aggregate computes over the events of a window. */
    enum Function {
        COUNT, SUM, AVG, MIN, MAX;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One aggregate of a window.
     *
     * @param name the output field that holds it
     * @param function what it computes
     * @param field the dotted path of the numeric source field it is computed over; empty for {@code count}
     */
    record Measure(String name, Function function, Optional<String> field) {
    }

    /**
     * Windowed aggregates of one product's events by a key: tumbling windows when {@code advance}
     * equals {@code size}, hopping windows when it is shorter.
     *
     * @param source the product aggregated
     * @param groupBy the dotted path of the source field whose value keys the aggregate
     * @param size the window's length
     * @param advance how far each window starts after the previous one
     * @param grace how long after a window ends late events still count; the result is published then
     * @param measures the aggregates, in output order
     */
    record Aggregation(String source, String groupBy, Duration size, Duration advance, Duration grace,
                       List<Measure> measures) implements Derivation {

        /** The output fields that every aggregate carries besides its measures. */
        public static final String WINDOW_START = "windowStart";
        public static final String WINDOW_END = "windowEnd";

        public Aggregation {
            measures = List.copyOf(measures);
        }

        @Override
        public List<String> sources() {
            return List.of(source);
        }

        public boolean hopping() {
            return advance.compareTo(size) < 0;
        }

        /** The output field that holds the key: the last part of {@code groupBy}. */
        public String keyField() {
            return groupBy.substring(groupBy.lastIndexOf('.') + 1);
        }
    }

    /** What happens to an event whose table row has not arrived when its grace period is over. */
    enum OnMissing {
        /** Publish it with the enrichment fields null. */
        EMIT,
        /** Do not publish it. */
        DROP;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A stream joined with the latest row of a table product by key. Each event waits up to
     * {@code grace} of stream time for a table row that is late, and is joined with the row as it
     * was at the event's time.
     *
     * @param stream the product whose events are enriched
     * @param table the product read as a table, keyed by its key field
     * @param joinKey the dotted path of the stream field that holds the table's key
     * @param fields output field name to the dotted path of the table field it is copied from
     * @param grace how long an event waits for its table row
     * @param onMissing what happens when the row has still not arrived
     */
    record Enrichment(String stream, String table, String joinKey, Map<String, String> fields, Duration grace,
                      OnMissing onMissing) implements Derivation {

        public Enrichment {
            fields = Map.copyOf(fields);
        }

        @Override
        public List<String> sources() {
            return List.of(stream, table);
        }
    }
}
