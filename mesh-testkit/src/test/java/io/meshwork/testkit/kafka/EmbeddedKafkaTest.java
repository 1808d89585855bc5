package io.meshwork.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshwork.testkit.host.Folders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import java.util.HashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void producesAndConsumesThroughARealBroker() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral())) {
            Map<String, String> sent = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                sent.put("key-" + i, "value-" + i);
            }
            KafkaRecords.produce(kafka.superuserConfig(), "round.trip.v1", sent);

            List<ConsumerRecord<String, String>> received =
                    KafkaRecords.consume(kafka.superuserConfig(), "round.trip.v1", sent.size(), TIMEOUT);

            assertThat(received).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyElementsOf(sent.entrySet().stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        }
    }

    @Test
    void startsAgainOnTheSameDataAfterStop(@TempDir Path dataDir) throws Exception {
        EmbeddedKafka.Config config = EmbeddedKafka.Config.ephemeral().withDataDir(dataDir);
        try (EmbeddedKafka first = EmbeddedKafka.start(config)) {
            KafkaRecords.produce(first.superuserConfig(), "restart.kept.v1", Map.of("k", "before restart"));
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(config)) {
            KafkaRecords.produce(second.superuserConfig(), "restart.kept.v1", Map.of("k", "after restart"));

            List<ConsumerRecord<String, String>> received =
                    KafkaRecords.consume(second.superuserConfig(), "restart.kept.v1", 2, TIMEOUT);

            assertThat(received).extracting(ConsumerRecord::value).containsExactly("before restart", "after restart");
        }
        assertThat(dataDir).as("a persistent data dir survives stop").isDirectoryContaining("glob:**/meta.properties");
    }

    @Test
    void refusesClientsThatDoNotAuthenticate() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral())) {
            Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            assertThatThrownBy(() -> KafkaRecords.produce(anonymous, "anonymous.v1", Map.of("k", "v")))
                    .as("a client without SASL is never served").isInstanceOf(Exception.class);

            Map<String, Object> wrongPassword = KafkaCredentials.clientConfig(kafka.bootstrapServers(),
                    MeshPrincipals.CONTROL, "not-the-password");
            assertThatThrownBy(() -> KafkaRecords.produce(wrongPassword, "anonymous.v1", Map.of("k", "v")))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void authorizesNothingThatNoAclAllows() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral())) {
            KafkaRecords.produce(kafka.superuserConfig(), "guarded.v1", Map.of("k", "v"));
            try (Admin admin = Admin.create(kafka.superuserConfig())) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("nobody",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "nobody-secret"))).all().get();
            }
            Map<String, Object> nobody = KafkaCredentials.clientConfig(kafka.bootstrapServers(), "nobody", "nobody-secret");

            assertThatThrownBy(() -> KafkaRecords.produce(nobody, "guarded.v1", Map.of("k", "v")))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void storesNewSuperUserPasswordsInAnExistingLogDirectory(@TempDir Path dataDir) throws Exception {
        EmbeddedKafka.Config config = EmbeddedKafka.Config.ephemeral().withDataDir(dataDir);
        try (EmbeddedKafka first = EmbeddedKafka.start(config)) {
            KafkaRecords.produce(first.superuserConfig(), "rekeyed.v1", Map.of("k", "kept"));
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(config.withSecrets(EmbeddedKafka.Secrets.random()))) {
            assertThat(KafkaRecords.consume(second.superuserConfig(), "rekeyed.v1", 1, TIMEOUT))
                    .as("the new passwords work, and the data stayed").extracting(ConsumerRecord::value).containsExactly("kept");
        }
    }

    @Test
    void brokerFaultThrowsInsteadOfEndingTheJvm() throws Exception {
        int faultsBefore = EmbeddedKafka.recordedFaults().size();
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral());
        try {
            KafkaRecords.produce(kafka.superuserConfig(), "doomed.v1", Map.of("k", "v"));
            // Losing the only log directory is fatal: Kafka halts the process when it notices.
            Folders.delete(kafka.logDir());
            createTopic(kafka.superuserConfig(), "after.fault.v1");

            await().atMost(TIMEOUT).until(() -> EmbeddedKafka.recordedFaults().size() > faultsBefore);

            BrokerFaultException fault = EmbeddedKafka.recordedFaults().get(faultsBefore);
            assertThat(fault.status()).isNotZero();
        } finally {
            kafka.stop();
        }
        try (EmbeddedKafka next = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral())) {
            KafkaRecords.produce(next.superuserConfig(), "after.fault.v1", Map.of("k", "alive"));
            assertThat(KafkaRecords.consume(next.superuserConfig(), "after.fault.v1", 1, TIMEOUT))
                    .as("the JVM outlived the fault and runs brokers again")
                    .extracting(ConsumerRecord::value).containsExactly("alive");
        }
    }

    private static void createTopic(Map<String, Object> client, String topic) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception expectedWhileTheBrokerFails) {
            // the broker may refuse or never answer; the fault is what the test waits for
        }
    }
}
