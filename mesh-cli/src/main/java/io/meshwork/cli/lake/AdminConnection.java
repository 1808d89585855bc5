package io.meshwork.cli.lake;

import io.meshwork.cli.dev.DevState;
import io.meshwork.core.api.MeshClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The gateway a {@code mesh lake} command that changes something talks to, with an admin's token:
 * the running dev mesh's gateway by default. Shared by {@code replay} and {@code erase}.
 */
public final class AdminConnection {

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:MESH_GATEWAY}",
            description = "The gateway (default: the dev mesh's; env MESH_GATEWAY).")
    URI gateway;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:MESH_TOKEN}",
            description = "An admin's token (default: env MESH_TOKEN).")
    String token;

    /** A client of the gateway with the token; the dev mesh's on {@code home} when none is named. */
    MeshClient client(Path home) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token: pass --token or set MESH_TOKEN, e.g. MESH_TOKEN=$(./mesh token --admin)");
        }
        URI url = Optional.ofNullable(gateway).or(() -> DevState.running(home).map(d -> URI.create(d.gatewayUrl())))
                .orElse(URI.create("http://localhost:8080"));
        return MeshClient.of(url, token);
    }

    /** The token, for the registry client beside the gateway's API. */
    String token() {
        return token;
    }
}
