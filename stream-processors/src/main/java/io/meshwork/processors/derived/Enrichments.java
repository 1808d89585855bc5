package io.meshwork.processors.derived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.contract.Derivation;
import io.meshwork.core.json.AvroToJson;
import io.meshwork.core.json.JsonToAvro;
import io.meshwork.processors.event.Decoder;
import io.meshwork.processors.event.Event;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.state.Stores;

/**
 * A stream joined with a table product by key. The table is kept in a versioned store, so each
 * event is joined with its row as it was at the event's time; each event waits in a buffer for the
 * join's grace period of stream time, so a row published a little after the event still joins.
 * An event whose row has still not arrived is published with the enrichment fields null, or
 * dropped, as the contract's {@code onMissing} says.
 */
public final class Enrichments {

    /** How far back the table's versions are kept: far enough for any grace period. */
    static final Duration HISTORY = Duration.ofDays(1);

    private Enrichments() {
    }

    public static void add(KStream<String, Event> events, DerivedProduct product, Decoder decoder) {
        Derivation.Enrichment enrichment = (Derivation.Enrichment) product.derivation();
        String name = product.internalName();
        String tableKey = product.table().keyField().orElseThrow();
        KStream<String, byte[]> stream = events
                .process(() -> new SelectKey(enrichment.stream(), enrichment.joinKey()), Named.as(name + "-stream-key"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-stream"));
        KTable<String, byte[]> table = events
                .process(() -> new SelectKey(enrichment.table(), tableKey), Named.as(name + "-table-key"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-table"))
                .toTable(Named.as(name + "-table-rows"), Materialized.<String, byte[]>as(
                                Stores.persistentVersionedKeyValueStore(name + "-rows", HISTORY.plus(enrichment.grace())))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        ValueJoiner<byte[], byte[], GenericRecord> joiner = (event, row) -> join(product, decoder, event, row);
        Joined<String, byte[], byte[]> joined = Joined.with(Serdes.String(), Serdes.ByteArray(), Serdes.ByteArray(),
                name + "-join").withGracePeriod(enrichment.grace());
        KStream<String, GenericRecord> enriched = enrichment.onMissing() == Derivation.OnMissing.EMIT
                ? stream.leftJoin(table, joiner, joined) : stream.join(table, joiner, joined);
        enriched.process(() -> new Publish(product), Named.as(name + "-publish"))
                .to(product.topic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-sink"));
    }

    /**
     * The product's record of an event and its table row (null when missing): each output field
     * named in the contract's {@code fields} from the row, every other one from the event.
     */
    static GenericRecord join(DerivedProduct product, Decoder decoder, byte[] eventBytes, byte[] rowBytes) {
        Derivation.Enrichment enrichment = (Derivation.Enrichment) product.derivation();
        ObjectNode event = AvroToJson.convert(decoder.decode(enrichment.stream(), eventBytes));
        ObjectNode row = rowBytes == null ? null : AvroToJson.convert(decoder.decode(enrichment.table(), rowBytes));
        Schema schema = product.product().schema();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Schema.Field field : schema.getFields()) {
            String from = enrichment.fields().get(field.name());
            if (from == null) {
                out.set(field.name(), event.get(field.name()));
            } else {
                out.set(field.name(), row == null ? JsonNodeFactory.instance.nullNode() : at(row, from));
            }
        }
        JsonToAvro.Result result = JsonToAvro.convert(out, schema);
        if (!result.ok()) {
            throw new IllegalStateException("cannot build a " + product.topic() + " record: " + result.problems());
        }
        return result.record();
    }

    private static JsonNode at(ObjectNode row, String path) {
        JsonNode value = row;
        for (String part : path.split("\\.")) {
            value = value == null ? null : value.get(part);
        }
        return value == null ? JsonNodeFactory.instance.nullNode() : value;
    }
}
