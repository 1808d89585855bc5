package io.meshwork.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batched HTTP ingestion through the gateway (JSON to Avro, rules, CloudEvents headers, acks=all)
 * against a raw KafkaProducer sending the same orders, already Avro, to the same broker: events per
 * second of each, one batch of {@value #BATCH} at a time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class IngestBenchmark {

    static final int BATCH = 100;

    private BenchMesh mesh;
    private IngestTarget target;
    private List<List<GenericRecord>> batches;
    private List<String> bodies;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        mesh = BenchMesh.start();
        target = new IngestTarget(mesh);
        List<GenericRecord> orders = OrderEvents.generate(BATCH * 20, 7);
        batches = new ArrayList<>();
        bodies = new ArrayList<>();
        for (int i = 0; i < orders.size(); i += BATCH) {
            List<GenericRecord> batch = orders.subList(i, i + BATCH);
            batches.add(batch);
            bodies.add(IngestTarget.json(batch));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        target.close();
        mesh.close();
    }

    /** Baseline: the same orders as Avro through a raw idempotent producer with acks=all. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawProducer() {
        target.raw(batches.get(next++ % batches.size()));
    }

    /** The gateway: POST a JSON batch and wait for its 200. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void httpIngestion() throws Exception {
        target.http(bodies.get(next++ % bodies.size()));
    }
}
