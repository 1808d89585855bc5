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

    /** ...or its oldest buffered record arrived this long ago, so that a table has a new snapshot at least this often... */
    @WithDefault("60s")
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

    /** Compaction of each table's small files, and expiry of its old snapshots. */
    Upkeep upkeep();

    /** What {@link #upkeep()} says. */
    interface Upkeep {

        /** Whether this archiver compacts and expires the tables whose partition 0 it archives. */
        @WithDefault("true")
        boolean enabled();

        /** How often. */
        @WithDefault("10m")
        Duration interval();

        /** The size a compacted file grows to at most. */
        @WithDefault("128m")
        MemorySize targetSize();

        /** An hour of event time is compacted once it ended this long ago... */
        @WithDefault("5m")
        Duration closedAfter();

        /** ...or, while still open, once it has this many small files. */
        @WithDefault("16")
        int openHourFiles();

        /** How long old snapshots stay for time travel before they and the files only they hold are deleted. */
        @WithDefault("P7D")
        Duration snapshotRetention();

        /** An uploaded file that no snapshot committed is deleted once this old. */
        @WithDefault("P1D")
        Duration orphanAge();
    }

    /** The pseudonymization key of each domain ({@code mesh.archiver.pii-keys.customers=...}). */
    Map<String, String> piiKeys();

    /** A key from which the key of each domain without its own is derived. */
    Optional<String> piiMasterKey();
}
