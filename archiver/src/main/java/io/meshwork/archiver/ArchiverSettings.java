package io.meshwork.archiver;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The archiver's settings, under {@code mesh.archiver}. */
@ConfigMapping(prefix = "mesh.archiver")
public interface ArchiverSettings {

    /** Whether to archive at all once started. */
    @WithDefault("true")
    boolean enabled();

    /** The consumer group every archiver instance joins; partitions are spread over the instances. */
    @WithDefault("mesh-archiver")
    String groupId();

    /** The topics archived: every data product ({@code <domain>.<event>.v<major>}) and every dead-letter topic. */
    @WithDefault("[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*\\.v[0-9]+|_mesh\\.dlq\\..+")
    String topics();

    /** How soon a newly created topic is noticed. */
    @WithDefault("5s")
    Duration topicDiscovery();

    /** A partition's files are written once it has buffered this many records... */
    @WithDefault("100000")
    int rollRecords();

    /** ...or this many bytes of Parquet... */
    @WithDefault("64m")
    MemorySize rollSize();

    /** ...or its oldest buffered record arrived this long ago... */
    @WithDefault("5m")
    Duration rollInterval();

    /** ...or nothing new arrived for this long. */
    @WithDefault("30s")
    Duration idleFlush();

    /** Where files are assembled before upload; emptied at start. */
    @WithDefault("${java.io.tmpdir}/mesh-archiver")
    Path workDir();

    /** The gateway, for each product's contract (which fields are personal data). */
    @WithDefault("http://localhost:8080")
    URI gatewayUrl();

    /** A bearer token that may read the catalog and the registry, e.g. {@code mesh token --consumer archiver}. */
    Optional<String> token();

    /** The pseudonymization key of each domain ({@code mesh.archiver.pii-keys.customers=...}). */
    Map<String, String> piiKeys();

    /** A key from which the key of each domain without its own is derived. */
    Optional<String> piiMasterKey();
}
