package io.meshwork.core.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;

/** Writes Avro data in Confluent's wire format for a known schema id; caches a writer per schema. Thread-safe. */
public final class AvroEncoder {

    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    /**
     * @param schemaId the id the registry gave the schema
     * @param schema the schema to write with
     * @param datum a generic record, or an instance of a generated class when {@code specific}
     */
    public byte[] encode(int schemaId, Schema schema, Object datum, boolean specific) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(header, schemaId);
        out.write(header.array(), 0, WireFormat.HEADER_SIZE);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
        encoders.set(encoder);
        try {
            (specific ? specificWriters.computeIfAbsent(schema, s -> SpecificData.get().createDatumWriter(s))
                    : genericWriters.computeIfAbsent(schema, s -> GenericData.get().createDatumWriter(s)))
                    .write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write a " + schema.getFullName() + " with schema id " + schemaId
                    + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
