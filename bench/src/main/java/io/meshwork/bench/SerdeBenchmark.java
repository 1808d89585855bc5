package io.meshwork.bench;

import io.meshwork.core.serde.MeshAvroDeserializer;
import io.meshwork.core.serde.MeshAvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Meshwork's serializer and deserializer (wire format, registry lookups from cache) against plain
 * Avro binary encoding and decoding of the same records: the cost of the serde on top of Avro.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class SerdeBenchmark {

    private static final String TOPIC = "orders.order-placed.v1";

    private BenchMesh mesh;
    private List<GenericRecord> orders;
    private MeshAvroSerializer<GenericRecord> serializer;
    private MeshAvroDeserializer<GenericRecord> deserializer;
    private GenericDatumWriter<GenericRecord> plainWriter;
    private GenericDatumReader<GenericRecord> plainReader;
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private int next;

    @Setup(Level.Trial)
    public void start() {
        mesh = BenchMesh.start();
        orders = OrderEvents.generate(1_000, 42);
        Map<String, Object> config = Map.of("schema.registry.url", mesh.registryUrl(),
                "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", mesh.producerToken("orders"));
        serializer = new MeshAvroSerializer<>();
        serializer.configure(config, false);
        deserializer = new MeshAvroDeserializer<>();
        deserializer.configure(config, false);
        deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, orders.get(0)));
        plainWriter = new GenericDatumWriter<>(OrderEvents.SCHEMA);
        plainReader = new GenericDatumReader<>(OrderEvents.SCHEMA);
    }

    @TearDown(Level.Trial)
    public void stop() {
        serializer.close();
        deserializer.close();
        mesh.close();
    }

    private GenericRecord nextOrder() {
        next = (next + 1) % orders.size();
        return orders.get(next);
    }

    /** Baseline: Avro binary encoding and decoding of the record, nothing else. */
    @Benchmark
    public GenericRecord plainAvroRoundTrip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        plainWriter.write(nextOrder(), encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        return plainReader.read(null, decoder);
    }

    /** Meshwork's serializer and deserializer: wire format, cached schema id and schema. */
    @Benchmark
    public GenericRecord meshSerdeRoundTrip() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, nextOrder()));
    }
}
