package io.meshwork.core.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generic or generated) in Confluent's wire format, under the subject
 * {@code <topic>-value} (or {@code -key}). With {@code auto.register.schemas} (the default) the
 * record's schema is registered on first use; otherwise it must be registered already, or
 * {@code use.latest.version=true} writes with the subject's latest schema. Classes generated with
 * {@code stringType String} need {@code avro.remove.java.properties=true} to match the registered schema.
 */
public class MeshAvroSerializer<T> implements Serializer<T> {

    private final AvroEncoder encoder = new AvroEncoder();
    private final Map<Schema, Schema> withoutJavaProperties = new ConcurrentHashMap<>();
    private SerdeConfig config;
    private RegistryClient registry;
    private boolean isKey;

    public MeshAvroSerializer() {
    }

    /** A serializer over a client shared with others, e.g. a deserializer's. */
    public MeshAvroSerializer(RegistryClient registry, SerdeConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            this.config = SerdeConfig.from(configs);
            this.registry = new RegistryClient(config);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("MeshAvroSerializer is not configured: set schema.registry.url");
        }
        if (!(data instanceof GenericContainer record)) {
            throw new SerializationException("cannot serialize a " + data.getClass().getName() + " for " + topic
                    + ": MeshAvroSerializer writes Avro records (GenericRecord or generated classes)");
        }
        String subject = topic + (isKey ? "-key" : "-value");
        Schema schema = config.removeJavaProperties()
                ? withoutJavaProperties.computeIfAbsent(record.getSchema(), JavaProperties::remove) : record.getSchema();
        int id;
        if (config.useLatestVersion()) {
            RegistryClient.Latest latest = registry.latest(subject);
            id = latest.id();
            schema = latest.schema();
        } else {
            id = config.autoRegister() ? registry.register(subject, schema) : registry.idOf(subject, schema);
        }
        return encoder.encode(id, schema, data, record instanceof SpecificRecord);
    }
}
