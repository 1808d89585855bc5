package io.meshwork.testkit.kafka;

import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.auth.SecretFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker that tests talk to, secured like every broker of the mesh, with a new
 * credentials key per run: every principal's password derives from it, as the gateway derives them.
 */
public final class TestKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);

    private final EmbeddedKafka broker;
    private final String credentialsKey;
    private final KafkaCredentials credentials;
    private final Set<String> users = ConcurrentHashMap.newKeySet();

    private TestKafka(EmbeddedKafka broker, String credentialsKey) {
        this.broker = broker;
        this.credentialsKey = credentialsKey;
        this.credentials = new KafkaCredentials(credentialsKey);
    }

    /** Starts an embedded broker whose super users' passwords derive from a new key. */
    public static TestKafka start() {
        String key = SecretFile.random();
        EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Config.ephemeral()
                .withSecrets(EmbeddedKafka.Secrets.of(new KafkaCredentials(key))));
        LOG.info("Tests use the embedded Kafka at {}", broker.bootstrapServers());
        return new TestKafka(broker, key);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The key every principal's password derives from, as hex: what the gateway under test is given. */
    public String credentialsKey() {
        return credentialsKey;
    }

    /** The access manager's client settings, a super user: for setting up and checking what tests did. */
    public Map<String, Object> superuserConfig() {
        return broker.superuserConfig();
    }

    /**
     * The client settings of a principal, whose credential the gateway (or {@link #userConfig}) made.
     * Settings for a principal with no credential fail to authenticate, as they should.
     */
    public Map<String, Object> clientConfig(String principal) {
        return new LinkedHashMap<>(credentials.clientConfig(bootstrapServers(), principal));
    }

    /** A principal's client settings, after storing its credential if this run has not yet. */
    public Map<String, Object> userConfig(String principal) {
        if (users.add(principal)) {
            try (Admin admin = Admin.create(superuserConfig())) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(principal,
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, KafkaCredentials.ITERATIONS),
                                credentials.password(principal))))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                users.remove(principal);
                throw new IllegalStateException("cannot store the credential of " + principal + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return clientConfig(principal);
    }

    /** A principal's password. */
    public String password(String principal) {
        return credentials.password(principal);
    }

    /**
     * What a Quarkus service of the mesh needs to reach this broker as a principal: the bootstrap
     * servers and its password ({@code mesh.kafka.password}, which its own configuration puts in
     * the SCRAM login), and its user name.
     */
    public Map<String, String> serviceConfig(String principal) {
        return credentials.serviceSettings(bootstrapServers(), principal);
    }

    /** {@link #serviceConfig} of the gateway, with the key its access manager derives every password from. */
    public Map<String, String> gatewayConfig() {
        return credentials.gatewaySettings(bootstrapServers());
    }

    @Override
    public void close() {
        broker.stop();
    }
}
