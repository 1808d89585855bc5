package io.meshwork.core.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generic or generated) in Confluent's wire format, under the subject
 * {@code <topic>-value} (or {@code -key}). With {@code auto.register.schemas} (the default) the
 * record's schema is registered on first use; otherwise it must be registered already, or
 * {@code use.latest.version=true} writes with the subject's latest schema.
 */
public class MeshAvroSerializer<T> implements Serializer<T> {

    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
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
        Schema schema = record.getSchema();
        int id;
        if (config.useLatestVersion()) {
            RegistryClient.Latest latest = registry.latest(subject);
            id = latest.id();
            schema = latest.schema();
        } else {
            id = config.autoRegister() ? registry.register(subject, schema) : registry.idOf(subject, schema);
        }
        return write(id, schema, data, record instanceof SpecificRecord);
    }

    private byte[] write(int id, Schema schema, Object data, boolean specific) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(header, id);
        out.write(header.array(), 0, WireFormat.HEADER_SIZE);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
        encoders.set(encoder);
        try {
            writers.computeIfAbsent(schema, s -> specific
                    ? SpecificData.get().createDatumWriter(s)
                    : GenericData.get().createDatumWriter(s)).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write a " + schema.getFullName() + " with schema id " + id
                    + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
