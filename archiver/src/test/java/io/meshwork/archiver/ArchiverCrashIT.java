package io.meshwork.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.lake.LakePaths;
import io.meshwork.lake.iceberg.TableOffsets;
import io.meshwork.testkit.host.ChildProcess;
import io.meshwork.testkit.host.FreePorts;
import io.meshwork.testkit.host.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged archiver killed with SIGKILL at random moments while events flow, again and again:
 * afterwards the lake holds every produced record exactly once.
 */
class ArchiverCrashIT {

    private static final String TOPIC = "shop.crash-basket.v1";
    private static final String REBALANCE_TOPIC = "shop.rebalance-basket.v1";
    private static final int EVENTS = 12_000;
    /** Kills of the first test; the second kills as many again. */
    private static final int KILLS = 12;
    private static LakeMesh mesh;

    @BeforeAll
    static void startMesh() {
        mesh = LakeMesh.start();
        mesh.apply("shop", "crash-basket", 3, TestSchemas.BASKET_V1);
    }

    @AfterAll
    static void stopMesh() {
        mesh.close();
    }

    @Test
    void everyRecordIsInTheLakeExactlyOnceAfterRepeatedKills() throws Exception {
        AtomicInteger acknowledged = new AtomicInteger();
        CompletableFuture<Void> producing = produce(TOPIC, acknowledged);
        Random random = new Random(7);
        int kills = 0;
        while (kills < KILLS || !producing.isDone()) {
            ChildProcess archiver = startArchiver("crash-" + kills, TOPIC, true).process();
            LockSupport.parkNanos(Duration.ofMillis(300 + random.nextInt(3000)).toNanos());
            archiver.kill();
            kills++;
        }
        producing.get();
        assertThat(acknowledged.get()).isEqualTo(EVENTS);
        if (mesh.keys(TOPIC).isEmpty()) {
            // On a slow machine every instance may have died before its first commit; the crash left below needs one.
            ChildProcess warm = startArchiver("crash-" + kills++, TOPIC, true).process();
            await().atMost(Duration.ofSeconds(120)).until(() -> !mesh.keys(TOPIC).isEmpty());
            warm.kill();
        }

        String orphan = leaveAnUncommittedBatch();
        ServiceProcess last = startArchiver("crash-" + kills, TOPIC, true);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> mesh.rows(TOPIC).size() >= EVENTS);
        } finally {
            last.stop();
        }

        assertThat(kills).isGreaterThanOrEqualTo(KILLS);
        assertExactlyOnce(TOPIC);
        assertThat(mesh.exists(orphan)).as("an uploaded file that was never committed stays out of the table").isTrue();
        assertThat(mesh.keys(TOPIC)).noneMatch(key -> key.endsWith("/" + orphan));
    }

    /**
     * Two archivers share the partitions as one group; one or the other is killed at random
     * moments and started again, so partitions move between them while events flow (and while
     * batches are open), with the dead one's partitions taken over once its session expires.
     */
    @Test
    void everyRecordIsInTheLakeExactlyOnceWhenPartitionsMoveBetweenInstancesThatCrash() throws Exception {
        mesh.apply("shop", "rebalance-basket", 4, TestSchemas.BASKET_V1);
        AtomicInteger acknowledged = new AtomicInteger();
        CompletableFuture<Void> producing = produce(REBALANCE_TOPIC, acknowledged);
        Random random = new Random(11);
        ServiceProcess[] archivers = {startArchiver("rebalance-a-0", REBALANCE_TOPIC, false),
            startArchiver("rebalance-b-0", REBALANCE_TOPIC, false)};
        int kills = 0;
        while (kills < KILLS || !producing.isDone()) {
            LockSupport.parkNanos(Duration.ofMillis(500 + random.nextInt(4000)).toNanos());
            int victim = random.nextInt(2);
            archivers[victim].process().kill();
            kills++;
            archivers[victim] = startArchiver("rebalance-" + (victim == 0 ? "a-" : "b-") + kills, REBALANCE_TOPIC, false);
        }
        producing.get();
        assertThat(acknowledged.get()).isEqualTo(EVENTS);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> mesh.rows(REBALANCE_TOPIC).size() >= EVENTS);
        } finally {
            archivers[0].stop();
            archivers[1].stop();
        }

        assertExactlyOnce(REBALANCE_TOPIC);
    }

    private static CompletableFuture<Void> produce(String topic, AtomicInteger acknowledged) {
        Schema schema = TestSchemas.parse(TestSchemas.BASKET_V1);
        return CompletableFuture.runAsync(() -> {
            try (KafkaProducer<String, GenericRecord> producer = mesh.producer("shop")) {
                for (int i = 0; i < EVENTS; i++) {
                    producer.send(LakeMesh.event(topic, LakeMesh.basket(schema, i), Instant.now()), (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        }
                    });
                    if (i % 25 == 0) {
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                    }
                }
            }
        });
    }

    private static void assertExactlyOnce(String topic) {
        List<Map.Entry<String, GenericRecord>> rows = mesh.rows(topic);
        Set<String> positions = rows.stream().map(r -> r.getValue().get(LakePaths.PARTITION_COLUMN) + "@"
                + r.getValue().get(LakePaths.OFFSET_COLUMN)).collect(Collectors.toSet());
        Set<String> baskets = rows.stream().map(r -> r.getValue().get("basketId").toString()).collect(Collectors.toSet());
        assertThat(rows).hasSize(EVENTS);
        assertThat(positions).hasSize(EVENTS);
        assertThat(baskets).hasSize(EVENTS);
        assertThat(mesh.table(topic).snapshots()).allSatisfy(snapshot -> assertThat(snapshot.summary())
                .containsKey(TableOffsets.SUMMARY_KEY));
        assertThat(TableOffsets.current(mesh.table(topic)).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(EVENTS);
    }

    /**
     * Leaves the lake as a crash between upload and commit would: a file uploaded into the table's
     * folder (a copy of rows already archived, so that reading it would duplicate them) but in no
     * snapshot. Returns its key.
     */
    private static String leaveAnUncommittedBatch() {
        String archived = mesh.keys(TOPIC).get(0);
        String key = archived.substring(("s3://" + mesh.bucket() + "/").length());
        String orphan = key.substring(0, key.lastIndexOf('/') + 1) + java.util.UUID.randomUUID() + ".parquet";
        mesh.copy(key, orphan);
        return orphan;
    }

    /** The archivers' group for a topic: within the archiver's own prefix, which its ACLs cover. */
    private static String group(String topic) {
        return MeshPrincipals.ARCHIVER + "-of-" + topic + "-" + mesh.bucket();
    }

    /**
     * Starts the packaged archiver and returns once it reads from Kafka.
     *
     * @param staticMember with a fixed {@code group.instance.id}, so that a restart takes the
     *     partitions back at once; otherwise a dynamic member whose death the group notices after
     *     its session timeout
     */
    private static ServiceProcess startArchiver(String run, String topic, boolean staticMember) {
        Map<String, String> config = new HashMap<>(mesh.archiverConfig());
        config.put("mesh.archiver.roll-records", "500");
        config.put("mesh.archiver.idle-flush", "500ms");
        config.put("mesh.archiver.roll-interval", "2s");
        config.put("mesh.archiver.topics", Pattern.quote(topic));
        config.put("mesh.archiver.group-id", group(topic));
        if (staticMember) {
            config.put("kafka.group.instance.id", "archiver-1");
        }
        config.put("kafka.session.timeout.ms", "6000");
        config.put("kafka.heartbeat.interval.ms", "1500");
        return ServiceProcess.start("archiver", Path.of(System.getProperty("mesh.archiver.app")), FreePorts.pick(), "256m",
                config, Path.of("target", "archiver-" + run + ".log"), Duration.ofSeconds(60));
    }
}
