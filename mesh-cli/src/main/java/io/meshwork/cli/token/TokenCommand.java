package io.meshwork.cli.token;

import io.meshwork.cli.MeshVersion;
import io.meshwork.core.auth.KeyFiles;
import io.meshwork.core.auth.TokenSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh token}: prints a bearer token signed with the dev mesh's key, for curl, clients and services. */
@Command(name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Prints a bearer token signed with the key pair that `mesh dev` made in <data-dir>/keys.",
            "Example: curl -H \"Authorization: Bearer $(./mesh token --domain orders)\" localhost:8080/registry/subjects"
        })
public final class TokenCommand implements Callable<Integer> {

    /** Exactly one kind of caller. */
    public static final class Role {
        @Option(names = "--domain", paramLabel = "DOMAIN", description = "A producer that acts for this domain.")
        String domain;

        @Option(names = "--consumer", paramLabel = "NAME", description = "A consumer of this name.")
        String consumer;

        @Option(names = "--admin", description = "An admin.")
        boolean admin;

        /** The admin role, for commands that act as one. */
        public static Role admin() {
            Role role = new Role();
            role.admin = true;
            return role;
        }
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Role role;

    @Option(names = "--subject", paramLabel = "NAME",
            description = "Who the token names (default: <domain>-service, the consumer's name, or admin).")
    String subject;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "PT12H",
            description = "How long the token is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:MESH_HOME:-.mesh}",
            description = "The dev mesh's data folder (default: ${DEFAULT-VALUE}; env MESH_HOME).")
    Path home;

    @Override
    public Integer call() throws Exception {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("--ttl must be positive, is " + ttl);
        }
        spec.commandLine().getOut().println(sign(home, role, subject, ttl));
        return 0;
    }

    /**
     * A token for the role, signed with the dev mesh's key in {@code <home>/keys}: a domain's producer
     * ({@code <domain>-service} unless {@code subject} names it), a consumer, or an admin.
     */
    public static String sign(Path home, Role role, String subject, Duration ttl) throws IOException,
            GeneralSecurityException {
        Path privateKey = home.resolve("keys").resolve(KeyFiles.PRIVATE);
        if (!Files.isRegularFile(privateKey)) {
            throw new IllegalStateException("no signing key at " + privateKey + "; run ./mesh dev once, which makes it");
        }
        TokenSigner signer = new TokenSigner(KeyFiles.privateKey(privateKey));
        if (role.domain != null) {
            return signer.sign(or(subject, role.domain + "-service"), List.of("producer"), Optional.of(role.domain), ttl);
        } else if (role.consumer != null) {
            return signer.sign(or(subject, role.consumer), List.of("consumer"), Optional.empty(), ttl);
        }
        return signer.sign(or(subject, "admin"), List.of("admin"), Optional.empty(), ttl);
    }

    private static String or(String subject, String fallback) {
        return subject == null || subject.isBlank() ? fallback : subject;
    }
}
