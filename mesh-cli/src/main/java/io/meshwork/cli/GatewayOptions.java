package io.meshwork.cli;

import io.meshwork.core.api.MeshClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The gateway a command talks to and the token it shows: {@code --gateway} and {@code --token}. */
public final class GatewayOptions {

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:MESH_GATEWAY:-http://localhost:8080}",
            description = "The gateway (default: ${DEFAULT-VALUE}; env MESH_GATEWAY).")
    URI gateway;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:MESH_TOKEN}",
            description = "The bearer token to act with (default: env MESH_TOKEN).")
    String token;

    public URI gateway() {
        return gateway;
    }

    /** The token, or a clear error that says how to get one, e.g. {@code ./mesh token --consumer billing}. */
    public String token(String howToGetOne) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token: pass --token or set MESH_TOKEN, e.g. MESH_TOKEN=$(" + howToGetOne
                    + ")");
        }
        return token;
    }

    /** The gateway's client, acting with this token. */
    public MeshClient client(String token) {
        return MeshClient.of(gateway(), token).withTimeout(Duration.ofMinutes(2));
    }
}
