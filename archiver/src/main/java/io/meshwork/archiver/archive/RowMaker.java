package io.meshwork.archiver.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.archiver.catalog.ProductCatalog;
import io.meshwork.archiver.catalog.ProductInfo;
import io.meshwork.archiver.lake.LakeRows;
import io.meshwork.archiver.lake.LakeSchema;
import io.meshwork.archiver.pii.Pseudonymizer;
import io.meshwork.core.catalog.CatalogUnavailableException;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.DeadLetterTopics;
import io.meshwork.core.lake.LakePaths;
import io.meshwork.core.serde.RegistryClient;
import io.meshwork.core.serde.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;

/**
 * Makes the lake row of a Kafka record: a product's Avro event with its personal data
 * pseudonymized, or a dead letter with its rejected JSON pseudonymized the same way.
 */
final class RowMaker {

    /**
     * A row, the schema id that picks its file, its event time, which picks its hour, and the product
     * whose contract said which of its fields are personal data (pseudonymized).
     */
    record Row(GenericRecord row, Schema lakeSchema, int schemaId, Instant eventTime, String contract,
               Set<String> pseudonymized) {
    }

    static final String DLQ_PREFIX = DeadLetterTopics.PREFIX;
    /** Dead letters all share one schema; it gets an id no registry schema has. */
    static final int DEAD_LETTER_SCHEMA_ID = -1;
    static final Schema DEAD_LETTER = LakeSchema.of(SchemaBuilder.record("DeadLetter").namespace("io.meshwork.lake")
            .doc("An event the gateway rejected, as it was sent, with why").fields()
            .requiredString("topic").requiredString("reason").optionalString("field").optionalString("rule")
            .optionalString("message").optionalString("rejectedAt").requiredString("payload").endRecord(), Set.of());

    private static final ObjectMapper JSON = MeshJson.mapper();

    private final ProductCatalog catalog;
    private final RegistryClient registry;
    private final Pseudonymizer pseudonymizer;
    private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();
    /** How the events of each topic and writer schema become rows, with the personal data that was made for. */
    private final Map<String, Map<Integer, LakeShape>> lakeSchemas = new ConcurrentHashMap<>();
    /** Reused from record to record: rows are made on the archiving thread only. */
    private BinaryDecoder decoder;

    private record LakeShape(Set<String> pii, LakeRows rows) {
    }

    RowMaker(ProductCatalog catalog, RegistryClient registry, Pseudonymizer pseudonymizer) {
        this.catalog = catalog;
        this.registry = registry;
        this.pseudonymizer = pseudonymizer;
    }

    /**
     * @return the row, or empty for a record with nothing to archive: a tombstone, or an event
     *     replayed from the lake into the topic it was archived from
     * @throws NotYetArchivable when the record must wait
     * @throws SerializationException when the record is not in Confluent's wire format
     */
    Optional<Row> row(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        // One pass over the headers, the last of each name counting, as Headers.lastHeader has it.
        byte[] id = null;
        byte[] replayedFrom = null;
        for (Header header : record.headers()) {
            String key = header.key();
            if (key.equals(CloudEventHeaders.ID)) {
                id = header.value();
            } else if (key.equals(LakePaths.REPLAYED_FROM_HEADER)) {
                replayedFrom = header.value();
            }
        }
        if (replayedFrom != null && record.topic().equals(new String(replayedFrom, StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        String eventId = id == null ? null : new String(id, StandardCharsets.UTF_8);
        LakeRows.Position position = new LakeRows.Position(record.partition(), record.offset(), record.timestamp(), eventId);
        Instant eventTime = Instant.ofEpochMilli(record.timestamp());
        if (record.topic().startsWith(DLQ_PREFIX)) {
            String topic = CloudEventHeaders.get(record.headers(), "mesh_topic").orElse("?");
            Optional<ProductInfo> product = topic.equals("?") ? Optional.empty() : catalog.product(topic);
            return Optional.of(new Row(deadLetter(record, position, topic, product), DEAD_LETTER, DEAD_LETTER_SCHEMA_ID,
                    eventTime, topic, product.map(ProductInfo::piiFields).orElse(Set.of())));
        }
        ProductInfo product = product(record.topic());
        ByteBuffer value = ByteBuffer.wrap(record.value());
        int schemaId = WireFormat.readHeader(value, record.topic());
        GenericRecord event = decode(schemaId, value);
        Map<Integer, LakeShape> shapes = lakeSchemas.computeIfAbsent(record.topic(), t -> new ConcurrentHashMap<>());
        LakeShape shape = shapes.get(schemaId);
        if (shape == null || !shape.pii().equals(product.piiFields())) {
            Schema lake = LakeSchema.of(event.getSchema(), product.piiFields());
            shape = new LakeShape(product.piiFields(), LakeRows.of(event.getSchema(), lake, product.piiFields()));
            shapes.put(schemaId, shape);
        }
        LakeRows lake = shape.rows();
        return Optional.of(new Row(lake.row(event, product.domain(), pseudonymizer, position), lake.schema(), schemaId,
                eventTime, record.topic(), product.piiFields()));
    }

    /**
     * The personal-data fields of a product as its contract says right now, asked of the catalog
     * (not its cache); empty when the catalog cannot answer, so that nothing is decided on old news.
     */
    Optional<Set<String>> currentPersonalData(String topic) {
        try {
            return Optional.of(catalog.refresh(topic).map(ProductInfo::piiFields).orElse(Set.of()));
        } catch (CatalogUnavailableException unreachable) {
            return Optional.empty();
        }
    }

    /**
     * What the table of a topic says of itself: the product's owner, description and classifications,
     * or for a dead-letter topic, its domain's.
     *
     * @throws NotYetArchivable when the product is not in the catalog
     */
    ProductInfo describe(String topic) {
        if (topic.startsWith(DLQ_PREFIX)) {
            String domain = topic.substring(DLQ_PREFIX.length());
            return new ProductInfo(topic, domain, Set.of(), null, "The events of domain " + domain
                    + " that the gateway rejected, with why; their personal data pseudonymized", Map.of());
        }
        return product(topic);
    }

    private ProductInfo product(String topic) {
        ProductInfo product = catalog.product(topic).orElseThrow(() -> new NotYetArchivable(topic
                + " is not in the catalog; its records wait until its contract is applied"));
        if (!product.piiFields().isEmpty() && !pseudonymizer.hasKey(product.domain())) {
            throw new NotYetArchivable(topic + " has personal data but domain " + product.domain()
                    + " has no pseudonymization key: set mesh.archiver.pii-keys." + product.domain());
        }
        return product;
    }

    private GenericRecord decode(int schemaId, ByteBuffer value) {
        GenericDatumReader<GenericRecord> reader = readers.computeIfAbsent(schemaId,
                id -> new GenericDatumReader<>(registry.schemaById(id), registry.schemaById(id), GenericData.get()));
        try {
            decoder = DecoderFactory.get().binaryDecoder(value.array(), value.position(), value.remaining(), decoder);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode with schema id " + schemaId + ": " + e.getMessage(), e);
        }
    }

    private GenericRecord deadLetter(ConsumerRecord<byte[], byte[]> record, LakeRows.Position position, String topic,
                                     Optional<ProductInfo> product) {
        String domain = record.topic().substring(DLQ_PREFIX.length());
        Set<String> pii = product.map(ProductInfo::piiFields).orElse(Set.of());
        if (!pseudonymizer.hasKey(domain)) {
            throw new NotYetArchivable("dead letters of domain " + domain + " may hold personal data but the domain has"
                    + " no pseudonymization key: set mesh.archiver.pii-keys." + domain);
        }
        GenericData.Record row = new GenericData.Record(DEAD_LETTER);
        row.put("topic", topic);
        row.put("reason", CloudEventHeaders.get(record.headers(), "mesh_reason").orElse("unknown"));
        row.put("field", CloudEventHeaders.get(record.headers(), "mesh_field").orElse(null));
        row.put("rule", CloudEventHeaders.get(record.headers(), "mesh_rule").orElse(null));
        row.put("message", CloudEventHeaders.get(record.headers(), "mesh_message").orElse(null));
        row.put("rejectedAt", CloudEventHeaders.get(record.headers(), "mesh_rejected_at").orElse(null));
        row.put("payload", pseudonymizedPayload(record.value(), product.isEmpty(), pii, domain));
        row.put(LakePaths.PARTITION_COLUMN, position.partition());
        row.put(LakePaths.OFFSET_COLUMN, position.offset());
        row.put(LakePaths.TIMESTAMP_COLUMN, Math.multiplyExact(position.timestamp(), 1000L));
        row.put(LakePaths.EVENT_ID_COLUMN, position.eventId());
        return row;
    }

    /**
     * The rejected JSON with its personal-data fields pseudonymized. When the product is unknown
     * (or the payload is not JSON), nobody can tell which fields are personal, so the whole payload
     * becomes one pseudonym.
     */
    private String pseudonymizedPayload(byte[] value, boolean unknownProduct, Set<String> pii, String domain) {
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (IOException notJson) {
            return pseudonymizer.pseudonym(domain, new String(value, StandardCharsets.UTF_8));
        }
        if (unknownProduct || json == null) {
            return pseudonymizer.pseudonym(domain, String.valueOf(json));
        }
        for (String path : pii) {
            String[] parts = path.split("\\.");
            JsonNode parent = json;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (parent instanceof ObjectNode object && object.hasNonNull(leaf)) {
                JsonNode original = object.get(leaf);
                object.put(leaf, pseudonymizer.pseudonym(domain, original.isTextual() ? original.asText() : original.toString()));
            }
        }
        return json.toString();
    }
}
