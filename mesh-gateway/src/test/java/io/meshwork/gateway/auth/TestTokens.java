package io.meshwork.gateway.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A key pair for the tests of one JVM: the gateway verifies with its public half, and
 * {@link #producer}, {@link #consumer} and {@link #admin} mint tokens with the private half.
 */
public final class TestTokens implements QuarkusTestResourceLifecycleManager {

    private static final KeyPair KEYS = generate();

    @Override
    public Map<String, String> start() {
        try {
            Path pem = Files.createTempFile("mesh-jwt-", ".pem");
            pem.toFile().deleteOnExit();
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return Map.of("mp.jwt.verify.publickey.location", pem.toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    /** A token that acts for one domain. */
    public static String producer(String domain) {
        return Jwt.issuer("meshwork").subject(domain + "-service").groups(Set.of(Caller.PRODUCER))
                .claim(Caller.DOMAIN_CLAIM, domain).sign(KEYS.getPrivate());
    }

    public static String consumer(String name) {
        return Jwt.issuer("meshwork").subject(name).groups(Set.of(Caller.CONSUMER)).sign(KEYS.getPrivate());
    }

    public static String admin() {
        return Jwt.issuer("meshwork").subject("platform-admin").groups(Set.of(Caller.ADMIN)).sign(KEYS.getPrivate());
    }

    /** A well-formed token signed by a key the gateway does not trust. */
    public static String forged() {
        return Jwt.issuer("meshwork").subject("mallory").groups(Set.of(Caller.ADMIN)).sign(generate().getPrivate());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
