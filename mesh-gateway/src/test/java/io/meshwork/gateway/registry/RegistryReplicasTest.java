package io.meshwork.gateway.registry;

import static io.meshwork.gateway.registry.Schemas.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshwork.gateway.auth.Caller;
import io.meshwork.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several registry replicas on one {@code _mesh.schemas}: they agree, and a restart keeps every id. */
class RegistryReplicasTest {

    private static final Caller ADMIN = new Caller("replica-test", true, Optional.empty());
    private static final String TRANSACTIONAL_ID = "mesh-registry-writer";

    @Test
    void replicasWritingAtOnceAgreeOnEveryIdAndVersion() throws Exception {
        Map<String, Object> kafka = TestInfrastructure.shared().kafka().superuserConfig();
        String subject = Schemas.subject("orders", "replicated");
        int schemasPerReplica = 15;
        try (SchemaRegistry a = new SchemaRegistry(kafka, TRANSACTIONAL_ID).start();
             SchemaRegistry b = new SchemaRegistry(kafka, TRANSACTIONAL_ID).start()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Map<String, Integer>>> writes = List.of(
                        pool.submit(registerMany(a, subject, "a", schemasPerReplica)),
                        pool.submit(registerMany(b, subject, "b", schemasPerReplica)));
                Map<String, Integer> idsBySchema = new HashMap<>();
                for (Future<Map<String, Integer>> write : writes) {
                    idsBySchema.putAll(write.get());
                }

                assertThat(new HashSet<>(idsBySchema.values())).as("every schema has an id of its own")
                        .hasSize(2 * schemasPerReplica);
                // Each replica answers from what it has read of the log: the other's last write may take a moment.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(a.versions(subject, false))
                        .containsExactlyElementsOf(b.versions(subject, false)).hasSize(2 * schemasPerReplica));
                for (Map.Entry<String, Integer> schema : idsBySchema.entrySet()) {
                    assertThat(a.schemaById(schema.getValue())).isEqualTo(b.schemaById(schema.getValue()))
                            .isEqualTo(schema.getKey());
                    assertThat(a.lookup(subject, schema.getKey(), false))
                            .isEqualTo(b.lookup(subject, schema.getKey(), false));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRestartedReplicaServesTheSameIdsAndVersions() {
        Map<String, Object> kafka = TestInfrastructure.shared().kafka().superuserConfig();
        String subject = Schemas.subject("orders", "restarted");
        List<Integer> ids = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        try (SchemaRegistry before = new SchemaRegistry(kafka, TRANSACTIONAL_ID).start()) {
            for (int i = 0; i < 3; i++) {
                String schema = evolving(subject, i);
                schemas.add(schema);
                ids.add(before.register(ADMIN, subject, schema, null, null));
            }
            before.deleteVersion(ADMIN, subject, "2", false);
            before.setConfig(ADMIN, subject, "BACKWARD");
        }

        try (SchemaRegistry after = new SchemaRegistry(kafka, TRANSACTIONAL_ID).start()) {
            assertThat(after.versions(subject, false)).containsExactly(1, 3);
            assertThat(after.versions(subject, true)).containsExactly(1, 2, 3);
            for (int i = 0; i < 3; i++) {
                assertThat(after.version(subject, String.valueOf(i + 1), true).id()).isEqualTo(ids.get(i));
            }
            assertThat(after.config(subject, false)).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(after.register(ADMIN, subject, schemas.get(0), null, null)).isEqualTo(ids.get(0));
            int next = after.register(ADMIN, subject, evolving(subject, 3), null, null);
            assertThat(next).isGreaterThan(ids.stream().mapToInt(Integer::intValue).max().orElseThrow());
        }
    }

    private static Callable<Map<String, Integer>> registerMany(SchemaRegistry replica, String subject, String prefix,
                                                               int count) {
        return () -> {
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String schema = Schemas.order(ID, "{\"name\":\"" + prefix + i + "\",\"type\":\"string\",\"default\":\"\"}");
                int id = replica.register(ADMIN, subject, schema, null, null);
                ids.put(new org.apache.avro.Schema.Parser().parse(schema).toString(), id);
            }
            return ids;
        };
    }

    private static String evolving(String subject, int fields) {
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < fields; i++) {
            extra.append(",{\"name\":\"f").append(i).append("\",\"type\":\"int\",\"default\":0}");
        }
        return Schemas.order(ID + ",{\"name\":\"tag\",\"type\":\"string\",\"default\":\"" + subject + "\"}" + extra);
    }
}
