package io.meshwork.processors.derived;

import io.meshwork.core.contract.Derivation;
import io.meshwork.processors.event.Decoder;
import io.meshwork.processors.event.Event;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Windowed aggregates of one product by a key. Events are re-keyed and repartitioned by the key,
 * aggregated per window into a queryable window store, and each window's result is published once,
 * when the window closes (its end plus the grace period, in event time).
 */
public final class Aggregations {

    /** How long closed windows stay readable by key. */
    static final Duration QUERYABLE = Duration.ofDays(1);

    private Aggregations() {
    }

    /** The name of the window store an aggregate product is read from. */
    public static String storeName(String topic) {
        return "aggregate-" + topic.replace('.', '_');
    }

    public static void add(KStream<String, Event> events, DerivedProduct product, Decoder decoder) {
        Derivation.Aggregation aggregation = (Derivation.Aggregation) product.derivation();
        String name = product.internalName();
        List<Derivation.Measure> measures = aggregation.measures();
        int[] scales = Accumulator.scales(product.product().schema(), measures);
        TimeWindows windows = TimeWindows.ofSizeAndGrace(aggregation.size(), aggregation.grace());
        if (aggregation.hopping()) {
            windows = windows.advanceBy(aggregation.advance());
        }
        Duration retention = aggregation.size().plus(aggregation.grace()).plus(QUERYABLE);
        events.process(() -> new SelectKey(aggregation.source(), aggregation.groupBy()), Named.as(name + "-select-key"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-by-key"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .windowedBy(windows)
                .aggregate(() -> new Accumulator(scales),
                        (key, bytes, accumulator) -> accumulator.add(decoder.decode(aggregation.source(), bytes), measures),
                        Named.as(name + "-aggregate"),
                        Materialized.<String, Accumulator, WindowStore<Bytes, byte[]>>as(storeName(product.topic()))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Accumulator.serde(scales))
                                .withRetention(retention))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName(name + "-until-closed"))
                .toStream(Named.as(name + "-closed"))
                .mapValues((window, accumulator) -> record(product, window.key(), window.window(), accumulator),
                        Named.as(name + "-result"))
                .selectKey((window, value) -> window.key(), Named.as(name + "-key"))
                .process(() -> new Publish(product), Named.as(name + "-publish"))
                .to(product.topic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-sink"));
    }

    /** The product's record of one window: its key, start, end and measures. */
    public static GenericRecord record(DerivedProduct product, String key, Window window, Accumulator accumulator) {
        Derivation.Aggregation aggregation = (Derivation.Aggregation) product.derivation();
        Schema schema = product.product().schema();
        GenericRecord record = new GenericData.Record(schema);
        record.put(aggregation.keyField(), key);
        record.put(Derivation.Aggregation.WINDOW_START, window.start());
        record.put(Derivation.Aggregation.WINDOW_END, window.end());
        List<Derivation.Measure> measures = aggregation.measures();
        for (int i = 0; i < measures.size(); i++) {
            Derivation.Measure measure = measures.get(i);
            record.put(measure.name(), Values.avro(accumulator.value(i, measure), schema.getField(measure.name()).schema()));
        }
        return record;
    }
}
