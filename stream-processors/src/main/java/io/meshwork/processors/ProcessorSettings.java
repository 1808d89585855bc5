package io.meshwork.processors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The stream processors' settings, under {@code mesh.processors}. */
@ConfigMapping(prefix = "mesh.processors")
public interface ProcessorSettings {

    /** The gateway: its catalog describes the products, its registry holds their schemas. */
    @WithDefault("http://localhost:8080")
    URI gatewayUrl();

    /** A service token for the gateway's catalog and registry. */
    Optional<String> token();

    /**
     * The key the gateway seals the events it checked with ({@code mesh.ingest.check-seal-key}), as hex:
     * the quality monitor skips the rules of sealed events. Without it, every event is checked.
     */
    Optional<String> checkSealKey();

    /** How often the quality monitor reports each partition's counts to {@code _mesh.quality}. */
    @WithDefault("60s")
    Duration qualityReportInterval();

    /** How long a product's contract is used before it is read from the catalog again. */
    @WithDefault("60s")
    Duration catalogRefresh();

    /** How long to wait for the gateway at startup before giving up. */
    @WithDefault("120s")
    Duration catalogTimeout();
}
