package io.meshwork.processors.event;

import io.meshwork.core.serde.MeshAvroDeserializer;
import io.meshwork.core.serde.RegistryClient;
import io.meshwork.core.serde.SchemaLookup;
import io.meshwork.core.serde.SerdeConfig;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;

/** Decodes product values with the writer's schema from the registry; schemas are cached by id. */
public final class Decoder {

    private final MeshAvroDeserializer<GenericRecord> deserializer;

    public Decoder(SerdeConfig config) {
        this.deserializer = new MeshAvroDeserializer<>(new RegistryClient(config), config);
    }

    /** A decoder over a fixed set of schemas, for the topology's logic tested without a registry. */
    public Decoder(SchemaLookup schemas) {
        this.deserializer = MeshAvroDeserializer.generic(schemas);
    }

    /** The decoded value, or throws {@link SerializationException} saying why not. */
    public GenericRecord decode(String topic, byte[] value) {
        return deserializer.deserialize(topic, value);
    }

    /** Decodes a product record into an {@link Event}; a record that cannot be decoded says why. */
    public Event event(String topic, int partition, long offset, byte[] value) {
        if (value == null) {
            return new Event(topic, partition, offset, null, null, "the value is null (a tombstone)");
        }
        try {
            return new Event(topic, partition, offset, value, decode(topic, value), null);
        } catch (SerializationException | IllegalStateException e) {
            return new Event(topic, partition, offset, value, null, e.getMessage());
        }
    }
}
