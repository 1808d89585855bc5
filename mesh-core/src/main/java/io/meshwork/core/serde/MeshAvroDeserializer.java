package io.meshwork.core.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads values in Confluent's wire format: fetches the writer's schema by id (once), and resolves
 * it against the reader's schema, which is the generated class's with {@code specific.avro.reader=true}
 * and the writer's otherwise (a {@code GenericRecord}).
 */
public class MeshAvroDeserializer<T> implements Deserializer<T> {

    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private SerdeConfig config;
    private SchemaLookup registry;

    public MeshAvroDeserializer() {
    }

    /** A deserializer over a client shared with others (e.g. a serializer's), or over a fixed set of schemas. */
    public MeshAvroDeserializer(SchemaLookup registry, SerdeConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** A deserializer into generic records over a fixed set of schemas, for logic tested without a registry. */
    public static MeshAvroDeserializer<GenericRecord> generic(SchemaLookup schemas) {
        MeshAvroDeserializer<GenericRecord> deserializer = new MeshAvroDeserializer<>();
        deserializer.registry = schemas;
        return deserializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            this.config = SerdeConfig.from(configs);
            this.registry = new RegistryClient(config);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("MeshAvroDeserializer is not configured: set schema.registry.url");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int id = WireFormat.readHeader(buffer, topic);
        DatumReader<Object> reader = readers.computeIfAbsent(id, this::reader);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, buffer.position(), buffer.remaining(), decoders.get());
        decoders.set(decoder);
        try {
            return (T) reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read a record of " + topic + " written with schema id " + id
                    + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<Object> reader(int id) {
        Schema writer = registry.schemaById(id);
        if (config == null || !config.specificReader()) {
            return new GenericDatumReader<>(writer, writer);
        }
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null) {
            throw new SerializationException("specific.avro.reader=true, but no generated class "
                    + writer.getFullName() + " is on the class path for schema id " + id);
        }
        return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(generated));
    }
}
