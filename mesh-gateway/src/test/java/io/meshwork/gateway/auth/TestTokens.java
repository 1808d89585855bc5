package io.meshwork.gateway.auth;

import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.TokenSigner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A key pair for the tests of one JVM, made as {@code mesh dev} makes it: the gateway verifies with
 * its public half, and {@link #producer}, {@link #consumer} and {@link #admin} mint tokens with the
 * mesh's own signer.
 */
public final class TestTokens implements QuarkusTestResourceLifecycleManager {

    private static final Path KEYS = keyFolder();
    private static final KeyPair PAIR = KeyFiles.loadOrCreate(KEYS);
    private static final TokenSigner SIGNER = new TokenSigner(PAIR.getPrivate());

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey.location", KEYS.resolve(KeyFiles.PUBLIC).toUri().toString());
    }

    @Override
    public void stop() {
    }

    /** The key that verifies the tokens minted here. */
    public static PublicKey publicKey() {
        return PAIR.getPublic();
    }

    /** A token that acts for one domain. */
    public static String producer(String domain) {
        return SIGNER.sign(domain + "-service", List.of(Caller.PRODUCER), Optional.of(domain), Duration.ofHours(1));
    }

    /** A producer token of a domain whose subject is {@code subject}, which may not be one of the domain's. */
    public static String producerAs(String domain, String subject) {
        return SIGNER.sign(subject, List.of(Caller.PRODUCER), Optional.of(domain), Duration.ofHours(1));
    }

    public static String consumer(String name) {
        return SIGNER.sign(name, List.of(Caller.CONSUMER), Optional.empty(), Duration.ofHours(1));
    }

    public static String admin() {
        return SIGNER.sign("platform-admin", List.of(Caller.ADMIN), Optional.empty(), Duration.ofHours(1));
    }

    /** An admin token that expired {@code ago}. */
    public static String expired(Duration ago) {
        return SIGNER.sign("platform-admin", List.of(Caller.ADMIN), Optional.empty(), ago.negated());
    }

    /** A well-formed admin token signed by a key the gateway does not trust. */
    public static String forged() {
        return new TokenSigner(KeyFiles.loadOrCreate(keyFolder()).getPrivate())
                .sign("mallory", List.of(Caller.ADMIN), Optional.empty(), Duration.ofHours(1));
    }

    private static Path keyFolder() {
        try {
            Path folder = Files.createTempDirectory("mesh-keys-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
